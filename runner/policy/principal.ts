/**
 * The Principal and NotPrincipal elements: shape and the format of each principal.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
import { didYouMean, suggest } from '../../lib/suggest';
import { arnProblem } from './arn-grammar';
import { report, type ParseContext } from './context';
import { readStringList } from './string-list';
import type { PrincipalElement, Spanned } from './types';
import { entriesOf, plainKeyText, scalarText, shapeName, shapeOf, spanOf, type Entry } from '../yaml-tree/nodes';

/** The principal types a Principal mapping may name (case-sensitive, as AWS spells them). */
export const principalTypes = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;

/** A principal type: `AWS`, `Service`, `Federated` or `CanonicalUser`. */
export type PrincipalType = (typeof principalTypes)[number];

/**
 * Reads a Principal or NotPrincipal element (`entry.key` says which). Returns undefined (after
 * reporting) when the element cannot be used.
 *
 * `"*"` and `{"AWS": "*"}` both become `{kind: 'any'}`: "Principal": "*" and
 * "Principal": {"AWS": "*"} are equivalent (Principal page, section "All principals").
 */
export function readPrincipal(ctx: ParseContext, entry: Entry, where: string): PrincipalElement | undefined {
  const span = spanOf(entry.value, ctx, entry.keySpan);
  const shape = shapeOf(entry.value);
  if (shape === 'string') {
    const text = scalarText(entry.value) ?? '';
    if (text === '*') return { kind: 'any', span };
    report(ctx, 'BAD_PRINCIPAL', where, `\`${entry.key}\` must be \`*\` or a mapping, not \`${text}\``, span, principalStringHelp(text));
    return undefined;
  }
  if (shape !== 'map') {
    report(
      ctx,
      'BAD_PRINCIPAL',
      where,
      `\`${entry.key}\` is ${shapeName(shape)}`,
      span,
      'expected `*` or a mapping of `AWS`, `Service`, `Federated` or `CanonicalUser` to principals',
    );
    return undefined;
  }
  const element: PrincipalElement = { kind: 'map', AWS: [], Service: [], Federated: [], CanonicalUser: [], span };
  const entries = entriesOf(entry.value, ctx, span, plainKeyText);
  if (entries.length === 0) {
    report(
      ctx,
      'BAD_PRINCIPAL',
      where,
      `\`${entry.key}\` is an empty mapping`,
      span,
      'name at least one principal under `AWS`, `Service`, `Federated` or `CanonicalUser`',
    );
    return undefined;
  }
  let ok = true;
  for (const e of entries) {
    const type = principalTypes.find((t) => t === e.key);
    if (!type) {
      report(
        ctx,
        'BAD_PRINCIPAL',
        where,
        `unknown principal type \`${e.key}\``,
        e.keySpan,
        didYouMean(suggest(e.key, principalTypes), 'expected `AWS`, `Service`, `Federated` or `CanonicalUser`')!,
      );
      ok = false;
      continue;
    }
    const values = readStringList(ctx, { ...e, key: `${entry.key}.${e.key}` }, where);
    if (!values || values.length === 0) {
      ok = false;
      continue;
    }
    for (const v of values) if (!checkPrincipalValue(ctx, type, v, where)) ok = false;
    element[type].push(...values);
  }
  if (!ok) return undefined;
  if (element.AWS.some((v) => v.value === '*')) return { kind: 'any', span };
  return element;
}

function principalStringHelp(text: string): string {
  if (/^\d{12}$/.test(text) || text.startsWith('arn:')) return `write it as \`{ AWS: "${text}" }\``;
  if (text.includes('.')) return `write it as \`{ Service: "${text}" }\``;
  return 'expected `*` or a mapping such as `{ AWS: "123456789012" }`';
}

// An IAM or STS principal ARN: the account root, a user, a role, an assumed-role session or a
// federated-user session (Principal page, sections "AWS account principals" through
// "Federated user principals"). Paths are allowed in user and role names.
const awsArn =
  /^arn:aws(?:-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f|-eusc)?:(?:iam::\d{12}:(?:root|user\/.+|role\/.+)|sts::\d{12}:(?:assumed-role\/[^/]+\/.+|federated-user\/.+))$/;
const federatedArn = /^arn:aws[a-z-]*:iam::\d{12}:(?:saml-provider|oidc-provider)\/.+$/;
// Service principals are DNS names owned by AWS: `ec2.amazonaws.com`, `delivery.logs.amazonaws.com`,
// `elasticmapreduce.amazonaws.com.cn`, `alexa-appkit.amazon.com` (Principal page, "AWS service principals").
const servicePrincipal =
  /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.(?:amazonaws\.com|amazonaws\.com\.cn|amazon\.com|amazonaws\.eu)$/;
const dnsName = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

function checkPrincipalValue(ctx: ParseContext, type: PrincipalType, v: Spanned, where: string): boolean {
  const text = v.value;
  let help: string | undefined;
  // A principal ARN names one IAM entity: AWS rejects the policy when it is malformed ("Invalid
  // principal in policy", Principal page), and an ASCII-looking name with a look-alike letter or
  // an invisible character names nobody.
  const problem = (type === 'AWS' || type === 'Federated') && text.startsWith('arn:') ? arnProblem(text, 'scenario') : undefined;
  if (problem && !/[*?]/.test(text) && (awsArn.test(text.trim()) || federatedArn.test(text.trim()))) {
    report(ctx, 'BAD_PRINCIPAL', where, `\`${type}\` principal \`${text}\` ${problem.message}`, v.span, problem.help);
    return false;
  }
  switch (type) {
    case 'AWS':
      // "You cannot use a wildcard to match part of a principal name or ARN." (Principal page)
      if (text === '*' || (!/[*?]/.test(text) && (/^\d{12}$/.test(text) || awsArn.test(text)))) return true;
      if (/[*?]/.test(text)) help = 'a wildcard may not match part of a principal; use `*` alone, or a condition on `aws:PrincipalArn`';
      else if (/^\d+$/.test(text)) help = 'an account id has exactly 12 digits (quote it in YAML so leading zeros stay)';
      else help = 'expected `*`, a 12-digit account id, or an IAM user, role, root or STS session ARN';
      break;
    case 'Service':
      if (servicePrincipal.test(text)) return true;
      help = 'expected a service principal such as `ec2.amazonaws.com`';
      break;
    case 'Federated':
      if (federatedArn.test(text) || dnsName.test(text)) return true;
      help = 'expected a SAML or OIDC provider ARN, or a provider name such as `cognito-identity.amazonaws.com`';
      break;
    case 'CanonicalUser':
      if (/^[0-9a-f]{64}$/i.test(text)) return true;
      help = 'expected a 64-character hexadecimal canonical user id';
      break;
  }
  report(ctx, 'BAD_PRINCIPAL', where, `malformed \`${type}\` principal \`${text}\``, v.span, help);
  return false;
}

/**
 * Scenario values: ARNs of principals and resources, tags, and request context values.
 */
import { diagnostic, type Diagnostic, type Span } from '../diagnostics';
import type { ContextValue } from '../engine/types';
import { arnProblem, isKmsAlias, isKmsKeyId, partitionOf } from '../policy/arn-grammar';
import { unmatchableArn } from '../policy/unmatchable-arn';
import { entriesOf, oneOrMany, isList, isMapping, spanOf, textOf, type Entry, type TreeSource } from '../yaml-tree/nodes';
import type { ContextEntry } from './types';

/**
 * The principal ARN forms a scenario accepts (docs/scenarios.md): IAM user, IAM role, role session,
 * federated user session, the account root, or `*` for an anonymous caller.
 */
const PRINCIPAL_ARN =
  /^arn:aws(?:-[a-z]+)*:(?:iam::\d{12}:(?:root|user\/.+|role\/.+)|sts::\d{12}:(?:assumed-role\/[^/]+\/.+|federated-user\/.+))$/;

/** `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE` (region and account may be empty, as for S3). */
const RESOURCE_ARN = /^arn:aws(?:-[a-z]+)*:[a-z0-9-]+:[a-z0-9-]*:(?:\d{12}|aws)?:.+$/;

/** Checks a principal ARN; returns a diagnostic when it is not one of the accepted forms. */
export function checkPrincipalArn(arn: string, span: Span): Diagnostic | undefined {
  if (arn === '*') return undefined;
  const problem = PRINCIPAL_ARN.test(arn.trim()) ? arnProblem(arn, 'scenario') : undefined;
  if (problem) return diagnostic('BAD_ARN', `principal ARN \`${arn}\` ${problem.message}`, span, problem.help);
  if (PRINCIPAL_ARN.test(arn)) return undefined;
  return diagnostic(
    'BAD_ARN',
    `\`${arn}\` is not a principal ARN`,
    span,
    'expected `arn:aws:iam::ACCOUNT:user/NAME`, `...:role/NAME`, `...:root`, `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`, `arn:aws:sts::ACCOUNT:federated-user/NAME` or `*`',
  );
}

// A trust policy's `Federated` principal: an OIDC or SAML provider ARN, or a provider name
// (`cognito-identity.amazonaws.com`, `accounts.google.com`, `graph.facebook.com`, `www.amazon.com`)
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html,
// section "Federated user principals"); the same forms runner/policy/principal.ts accepts.
const PROVIDER_ARN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:(?:saml-provider|oidc-provider)\/.+$/;
const PROVIDER_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** Checks a federated caller's provider (`principals.NAME.federated`). */
export function checkFederatedProvider(provider: string, span: Span): Diagnostic | undefined {
  if (PROVIDER_ARN.test(provider) || (!provider.startsWith('arn:') && PROVIDER_NAME.test(provider))) return undefined;
  return diagnostic(
    'BAD_PRINCIPAL',
    `\`${provider}\` is not an identity provider`,
    span,
    'expected `arn:aws:iam::ACCOUNT:oidc-provider/URL`, `arn:aws:iam::ACCOUNT:saml-provider/NAME`, or a provider name such as `cognito-identity.amazonaws.com`',
  );
}

/** Checks a resource ARN. */
export function checkResourceArn(arn: string, span: Span): Diagnostic | undefined {
  const problem = RESOURCE_ARN.test(arn.trim()) ? arnProblem(arn, 'scenario') : undefined;
  if (problem) return diagnostic('BAD_ARN', `resource ARN \`${arn}\` ${problem.message}`, span, problem.help);
  if (RESOURCE_ARN.test(arn)) return undefined;
  return diagnostic(
    'BAD_ARN',
    `\`${arn}\` is not a resource ARN`,
    span,
    'expected `arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE`, such as `arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf`',
  );
}

/**
 * Checks a secret's `kmsKeyId`: a key ARN is checked as a resource ARN (so its id must be a key id,
 * see `isKmsKeyId`) and must name a KMS key; a bare value must be a key id. An alias (`alias/NAME`
 * or its ARN) passes here: it is refused where the key is needed (runner/secret-keys.ts).
 */
export function checkKmsKeyId(value: string, span: Span): Diagnostic | undefined {
  if (isKmsAlias(value)) return undefined;
  if (value.startsWith('arn:')) {
    const bad = checkResourceArn(value, span);
    if (bad || /^arn:[^:]+:kms:[^:]*:[^:]*:key\//.test(value)) return bad;
    return diagnostic(
      'BAD_ARN',
      `\`kmsKeyId\` \`${value}\` is not a KMS key ARN`,
      span,
      `expected \`arn:aws:kms:REGION:ACCOUNT:key/KEY-ID\``,
    );
  }
  if (isKmsKeyId(value)) return undefined;
  return diagnostic(
    'BAD_ARN',
    `\`kmsKeyId\` \`${value}\` is not a KMS key id, key ARN or alias`,
    span,
    'a key id is a UUID such as `1234abcd-12ab-34cd-56ef-1234567890ab`, or `mrk-` and 32 hex digits; an alias starts with `alias/`',
  );
}

/**
 * Warns about a resource ARN that names no real resource although it is well-formed: a Secrets
 * Manager secret without the `-` and six characters AWS appends, an S3 bucket or object with a
 * Region or account (runner/policy/unmatchable-arn.ts, the rule policies share). A policy written
 * for the real ARN does not match this one, so a case on it can pass while the real resource
 * behaves otherwise.
 */
export function checkResourceArnMatches(arn: string, span: Span): Diagnostic | undefined {
  const why = unmatchableArn(arn, 'scenario');
  return why && diagnostic('UNMATCHABLE_ARN', why.message, span, why.help, 'warning');
}

/**
 * An error when an expectation pairs a principal and a resource of different partitions. Each
 * partition is its own group of Regions with its own accounts and IAM (ARN format page,
 * "partition", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html), and "You
 * can't create a role to delegate access between an AWS GovCloud (US) account and a standard AWS
 * account" (https://repost.aws/knowledge-center/iam-trust-policy-error, "Short description"), so
 * such a request never reaches the resource and no decision on it is faithful.
 */
export function crossPartition(
  principals: readonly { name: string; request: { arn?: string } }[],
  resources: readonly ({ name: string; request: { arn: string } } | undefined)[],
  span: Span,
): Diagnostic | undefined {
  // Linear in principals + resources: a matrix expectation may pair thousands of each.
  const firstOf = (list: readonly { name: string; arn: string | undefined }[]): Map<string, string> => {
    const out = new Map<string, string>();
    for (const x of list) {
      const partition = x.arn !== undefined ? partitionOf(x.arn) : undefined;
      if (partition !== undefined && !/[${]/.test(partition) && !out.has(partition)) out.set(partition, x.name);
    }
    return out;
  };
  const from = firstOf(principals.map((p) => ({ name: p.name, arn: p.request.arn })));
  const to = firstOf(resources.flatMap((r) => (r ? [{ name: r.name, arn: r.request.arn }] : [])));
  for (const [pp, pName] of from) {
    for (const [rp, rName] of to) {
      if (pp === rp) continue;
      return diagnostic(
        'UNMATCHABLE_ARN',
        `principal \`${pName}\` is in partition \`${pp}\` and resource \`${rName}\` in \`${rp}\`: a request cannot cross partitions`,
        span,
        'each partition (`aws`, `aws-cn`, `aws-us-gov`, ...) has its own accounts and IAM: put the principal and the resource in one partition',
      );
    }
  }
  return undefined;
}

/**
 * Checks a KMS key's `keyManager`: `AWS` or `CUSTOMER` (DescribeKey's `KeyManager`,
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html), on a key ARN
 * (`arn:aws:kms:REGION:ACCOUNT:key/ID`), the only resource the engine reads it for.
 */
export function checkKeyManager(value: string, arn: string, span: Span): Diagnostic | undefined {
  if (value !== 'AWS' && value !== 'CUSTOMER') {
    return diagnostic(
      'SCHEMA',
      `\`keyManager\` must be \`AWS\` or \`CUSTOMER\`, found \`${value}\``,
      span,
      'write `AWS` for an AWS managed key, `CUSTOMER` for a customer managed key',
    );
  }
  if (!/^arn:aws(?:-[a-z]+)*:kms:[a-z0-9-]*:\d{12}:key\/.+$/.test(arn) && !/\$\{[A-Za-z_][A-Za-z0-9_]*\}/.test(arn)) {
    return diagnostic(
      'SCHEMA',
      `\`keyManager\` is only for a KMS key, not \`${arn}\``,
      span,
      'give it on a resource whose `arn` is `arn:aws:kms:REGION:ACCOUNT:key/ID`, or remove it',
    );
  }
  return undefined;
}

/** The account of an ARN (its fifth field), when it is 12 digits. */
export function accountOfArn(arn: string): string | undefined {
  const account = arn.split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

/** Tags as a string map (numbers and booleans as written). */
export function tagsOf(node: unknown, src: TreeSource): Record<string, string> | undefined {
  if (node === undefined || node === null) return undefined;
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const e of entriesOf(node, src)) {
    const value = textOf(e.value, src);
    if (value !== undefined) out[e.key] = value;
  }
  return out;
}

/**
 * A context mapping as the engine takes it: every value a string or a list of strings (numbers
 * and booleans as written, `true` → `"true"`). Keys are kept as written; later maps merged over
 * it replace a key regardless of case, as AWS's keys are case-insensitive.
 */
export function contextOf(node: unknown, src: TreeSource, base: Record<string, ContextValue> = {}): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = Object.create(null) as Record<string, ContextValue>;
  for (const [k, v] of Object.entries(base)) out[k] = v;
  for (const e of entriesOf(node, src)) {
    for (const existing of Object.keys(out)) if (existing.toLowerCase() === e.key.toLowerCase()) delete out[existing];
    if (isList(e.value, src)) out[e.key] = oneOrMany(e.value, src).map((i) => textOf(i, src) ?? '');
    else out[e.key] = textOf(e.value, src) ?? '';
  }
  return out;
}

/** One `context` entry with its values and their spans, for the key and value checks (plan.ts). */
export function contextEntry(e: Entry, src: TreeSource): ContextEntry {
  const out: ContextEntry = { key: e.key, span: e.keySpan };
  if (isList(e.value, src)) {
    out.list = spanOf(e.value, src, e.keySpan);
    out.values = oneOrMany(e.value, src).map((i) => ({ value: textOf(i, src) ?? '', span: spanOf(i, src, out.list) }));
  } else if (!isMapping(e.value, src)) {
    out.values = [{ value: textOf(e.value, src) ?? '', span: e.valueSpan }];
  }
  return out;
}

/** The span of a node, for callers that only import this module. */
export { spanOf };

/** True when an ARN can be planned on (a bad one has been reported already). */
export function usableArn(arn: string): boolean {
  return !hasTemplate(arn) && checkResourceArn(arn, { file: '', start: 0, end: 0 }) === undefined;
}

/** True when `${name}` is left in a value: an undeclared variable, reported where it is written. */
export function hasTemplate(value: string): boolean {
  return /\$\{[A-Za-z_][A-Za-z0-9_]*\}/.test(value);
}

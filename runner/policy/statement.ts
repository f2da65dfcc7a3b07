/**
 * One statement of a policy: its elements, their shapes and the rules of the policy's kind.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 */
import type { Span } from '../diagnostics';
import { didYouMean, suggest } from '../../lib/suggest';
import { checkActions, checkResources } from './action-resource';
import { checkEndpointStatement } from './endpoint-rules';
import { readConditions, warnDefaultsWithoutSpace, warnLiteralVariables } from './condition';
import { report, statementLabel, withArticle, type ParseContext } from './context';
import { kindRules, resourcePolicyTypes } from './kind-rules';
import { principalTypes, readPrincipal } from './principal';
import { readStringList } from './string-list';
import { policyKinds, type PolicyVersion, type Statement } from './types';
import { entriesOf, plainKeyText, keyName, scalarText, shapeName, shapeOf, spanOf, type Entry } from '../yaml-tree/nodes';

/** The elements a statement may hold, as AWS spells them (names are case-sensitive). */
export const statementElements = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
] as const;

type ElementName = (typeof statementElements)[number];

/**
 * Reads one statement. Returns undefined when it cannot be built (no usable Effect, or not a
 * mapping); every problem is reported either way.
 */
export function readStatement(
  ctx: ParseContext,
  node: unknown,
  index: number,
  version: PolicyVersion | undefined,
  fallback: Span,
): Statement | undefined {
  const where = statementLabel(index);
  const span = spanOf(node, ctx, fallback);
  const shape = shapeOf(node);
  if (shape !== 'map') {
    report(
      ctx,
      'BAD_POLICY',
      undefined,
      `${where} is ${shapeName(shape)}, not a mapping`,
      span,
      'expected a mapping with `Effect`, `Action` and, for most policy kinds, `Resource`',
    );
    return undefined;
  }
  const found = new Map<ElementName, Entry>();
  for (const e of entriesOf(node, ctx, span, plainKeyText)) {
    const name = statementElements.find((n) => n === e.key);
    if (!name) {
      const near = suggest(e.key, statementElements);
      report(
        ctx,
        'UNKNOWN_ELEMENT',
        where,
        `unknown element ${keyName(e)}`,
        e.keySpan,
        didYouMean(near, `expected one of ${statementElements.map((n) => `\`${n}\``).join(', ')}`)!,
      );
      continue;
    }
    found.set(name, e);
  }
  const statement: Statement = { index, effect: 'Allow', conditions: [], span };
  const effect = readEffect(ctx, found.get('Effect'), where, span);
  readSid(ctx, found.get('Sid'), where, statement);
  readActions(ctx, found, where, statement);
  readResources(ctx, found, where, statement, version);
  readPrincipals(ctx, found, where, statement, effect);
  const condition = found.get('Condition');
  if (condition) statement.conditions = readConditions(ctx, condition, where, version);
  if (ctx.kind === 'endpoint') checkEndpointStatement(ctx, statement, where);
  if (!effect) return undefined;
  statement.effect = effect;
  if (effect === 'Allow' && kindRules[ctx.kind].denyOnly && !isFullAccess(statement, found)) {
    const e = found.get('Effect')!;
    report(
      ctx,
      'BAD_EFFECT',
      where,
      `\`Effect: Allow\` is not supported in ${withArticle(policyKinds[ctx.kind])}`,
      spanOf(e.value, ctx, e.keySpan),
      "use `Effect: Deny`: only AWS's RCPFullAWSAccess may allow, and it is always attached",
    );
  }
  return statement;
}

/** The RCPFullAWSAccess statement: Allow, Principal `*`, Action `*`, Resource `*`, nothing else. */
function isFullAccess(s: Statement, found: Map<ElementName, Entry>): boolean {
  const only = (v: { value: string }[] | undefined): boolean => v?.length === 1 && v[0]!.value === '*';
  return s.principal?.kind === 'any' && only(s.action) && only(s.resource) && !found.has('Condition');
}

function readEffect(ctx: ParseContext, e: Entry | undefined, where: string, span: Span): 'Allow' | 'Deny' | undefined {
  if (!e) {
    report(ctx, 'MISSING_EFFECT', where, 'missing `Effect`', span, 'add `Effect: Allow` or `Effect: Deny`');
    return undefined;
  }
  const text = shapeOf(e.value) === 'string' ? scalarText(e.value) : undefined;
  if (text === 'Allow' || text === 'Deny') return text;
  // "Valid values for Effect are Allow and Deny. The Effect value is case sensitive."
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html
  const shown = text ?? scalarText(e.value);
  const valueSpan = spanOf(e.value, ctx, e.keySpan);
  report(
    ctx,
    'BAD_EFFECT',
    where,
    shown !== undefined ? `invalid \`Effect\` \`${shown}\`` : `\`Effect\` is ${shapeName(shapeOf(e.value))}`,
    valueSpan,
    didYouMean(shown !== undefined ? suggest(shown, ['Allow', 'Deny']) : undefined, 'expected `Allow` or `Deny`')!,
  );
  return undefined;
}

function readSid(ctx: ParseContext, e: Entry | undefined, where: string, statement: Statement): void {
  if (!e) return;
  const span = spanOf(e.value, ctx, e.keySpan);
  const text = scalarText(e.value);
  if (text === undefined) {
    report(ctx, 'BAD_POLICY', where, `\`Sid\` is ${shapeName(shapeOf(e.value))}`, span, 'expected a string');
    return;
  }
  // "The Sid element supports ASCII uppercase letters (A-Z), lowercase letters (a-z), and numbers
  // (0-9)." https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
  // Other services (S3, SQS, SNS) accept more, so only IAM-stored kinds are held to it.
  if (kindRules[ctx.kind].strictSid && !/^[A-Za-z0-9]*$/.test(text)) {
    report(ctx, 'BAD_POLICY', where, `\`Sid\` \`${text}\` has characters IAM does not accept`, span, 'use only ASCII letters and digits');
  }
  statement.sid = { value: text, span };
}

/** Reports both an element and its Not form; returns the one to use (the first written). */
function pickPair(ctx: ParseContext, found: Map<ElementName, Entry>, a: ElementName, b: ElementName, where: string): Entry | undefined {
  const ea = found.get(a);
  const eb = found.get(b);
  if (ea && eb) {
    // "you cannot use both Action and NotAction in the same policy statement. Other pairs that are
    // mutually exclusive include Principal/NotPrincipal and Resource/NotResource."
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
    const second = ea.keySpan.start > eb.keySpan.start ? ea : eb;
    report(ctx, 'CONFLICTING_ELEMENTS', where, `both \`${a}\` and \`${b}\``, second.keySpan, `use either \`${a}\` or \`${b}\`, not both`);
  }
  return ea ?? eb;
}

function readActions(ctx: ParseContext, found: Map<ElementName, Entry>, where: string, statement: Statement): void {
  const e = pickPair(ctx, found, 'Action', 'NotAction', where);
  if (!e) {
    report(
      ctx,
      'MISSING_ACTION',
      where,
      'missing `Action` or `NotAction`',
      statement.span,
      'add `Action`, such as `Action: secretsmanager:GetSecretValue`',
    );
    return;
  }
  if (e.key === 'NotAction' && !kindRules[ctx.kind].notAction) {
    report(
      ctx,
      'UNKNOWN_ELEMENT',
      where,
      `\`NotAction\` is not supported in ${withArticle(policyKinds[ctx.kind])}`,
      e.keySpan,
      'use `Action`',
    );
  }
  const values = readStringList(ctx, e, where);
  if (!values) return;
  const good = checkActions(ctx, e.key, values, where);
  if (e.key === 'Action') statement.action = good;
  else statement.notAction = good;
}

function readResources(
  ctx: ParseContext,
  found: Map<ElementName, Entry>,
  where: string,
  statement: Statement,
  version: PolicyVersion | undefined,
): void {
  const e = pickPair(ctx, found, 'Resource', 'NotResource', where);
  const attached = ctx.resourceType ? resourcePolicyTypes[ctx.resourceType] : undefined;
  if (e && attached && !attached.resourceElement) {
    // See kind-rules.ts `resourcePolicyTypes.trust`: the role is the resource.
    report(
      ctx,
      'UNSUPPORTED_ELEMENT',
      where,
      `\`${e.key}\` is not allowed in ${withArticle(attached.name)}`,
      e.keySpan,
      `remove \`${e.key}\`: the role the policy is attached to is its resource`,
    );
    return;
  }
  if (!e) {
    if (kindRules[ctx.kind].resourceRequired) {
      report(
        ctx,
        'MISSING_RESOURCE',
        where,
        'missing `Resource` or `NotResource`',
        statement.span,
        'add `Resource`, such as `Resource: "*"`',
      );
    }
    return;
  }
  const values = readStringList(ctx, e, where);
  if (!values) return;
  const good = checkResources(ctx, e.key, values, where);
  // Variables are substituted in Resource under 2012-10-17 only (variables page).
  if (version === '2012-10-17') for (const v of good) warnDefaultsWithoutSpace(ctx, where, `\`${e.key}\``, v);
  else for (const v of good) warnLiteralVariables(ctx, where, `\`${e.key}\``, v);
  if (e.key === 'Resource') statement.resource = good;
  else statement.notResource = good;
}

function readPrincipals(
  ctx: ParseContext,
  found: Map<ElementName, Entry>,
  where: string,
  statement: Statement,
  effect: 'Allow' | 'Deny' | undefined,
): void {
  const rules = kindRules[ctx.kind];
  const e = pickPair(ctx, found, 'Principal', 'NotPrincipal', where);
  const kindName = withArticle(policyKinds[ctx.kind]);
  if (!e) {
    if (rules.principal === 'required') {
      report(
        ctx,
        'MISSING_PRINCIPAL',
        where,
        `missing \`Principal\`, which ${kindName} requires`,
        statement.span,
        rules.principalMustBeStar
          ? 'add `Principal: "*"`'
          : ctx.kind === 'endpoint'
            ? 'add `Principal: "*"` (AWS\'s default endpoint policy) and narrow it with a condition on `aws:PrincipalArn`'
            : 'add `Principal`, such as `Principal: { AWS: "111122223333" }`',
      );
    }
    return;
  }
  if (rules.principal === 'forbidden') {
    report(
      ctx,
      'UNEXPECTED_PRINCIPAL',
      where,
      `\`${e.key}\` is not allowed in ${kindName}`,
      e.keySpan,
      `remove \`${e.key}\`; to limit the principals it applies to, use a condition on \`aws:PrincipalArn\``,
    );
    return;
  }
  if (e.key === 'NotPrincipal') {
    if (!rules.notPrincipal) {
      report(
        ctx,
        'UNEXPECTED_PRINCIPAL',
        where,
        `\`NotPrincipal\` is not allowed in ${kindName}`,
        e.keySpan,
        'use `Principal: "*"` with a condition on `aws:PrincipalArn` instead',
      );
      return;
    }
    if (effect === 'Allow') {
      // "NotPrincipal with Allow" is not supported: "You can't use NotPrincipal with "Effect": "Allow""
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
      report(
        ctx,
        'NOT_PRINCIPAL_WITH_ALLOW',
        where,
        '`NotPrincipal` is not allowed with `Effect: Allow`',
        e.keySpan,
        'use `Principal`, or `Effect: Deny` with `NotPrincipal`',
      );
    }
  }
  const principal = readPrincipal(ctx, e, where);
  if (!principal) return;
  const attached = ctx.resourceType ? resourcePolicyTypes[ctx.resourceType] : undefined;
  if (attached && principal.kind === 'map') {
    // See kind-rules.ts `resourcePolicyTypes`: the principal types each resource policy takes.
    const allowed: readonly string[] = attached.principalTypes;
    const refused = principalTypes.filter((t) => principal[t].length > 0 && !allowed.includes(t));
    for (const t of refused) {
      report(
        ctx,
        'UNEXPECTED_PRINCIPAL',
        where,
        `a \`${t}\` principal is not allowed in ${withArticle(attached.name)}`,
        principal[t][0]!.span,
        `${withArticle(attached.name)} takes ${allowed.map((a) => `\`${a}\``).join(', ')} principals`,
      );
    }
    if (refused.length > 0) return;
  }
  if (e.key === 'Principal' && rules.principalMustBeStar && principal.kind !== 'any') {
    report(
      ctx,
      'BAD_PRINCIPAL',
      where,
      `\`Principal\` in ${kindName} must be \`*\``,
      principal.span,
      'write `Principal: "*"` and narrow it with a condition on `aws:PrincipalArn` or `aws:PrincipalAccount`',
    );
    return;
  }
  if (e.key === 'Principal') statement.principal = principal;
  else statement.notPrincipal = principal;
}

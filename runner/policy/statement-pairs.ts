/**
 * The paired elements of a statement, each element and its Not form: `Action`/`NotAction`,
 * `Resource`/`NotResource`, `Principal`/`NotPrincipal`. A statement holds one of each pair at most,
 * and the policy's kind (and what it is attached to) decides which it may or must hold.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 */
import { checkActions, checkResources } from './action-resource';
import { warnDefaultsWithoutSpace, warnLiteralVariables } from './condition';
import { report, withArticle, type ParseContext } from './context';
import { kindRules, resourcePolicyTypes } from './kind-rules';
import { principalTypes, readPrincipal } from './principal';
import { readStringList } from './string-list';
import { policyKinds, type PolicyVersion, type Statement } from './types';
import type { Entry } from '../yaml-tree/nodes';

/** The statement elements that come in pairs. */
export type PairedElement = 'Action' | 'NotAction' | 'Resource' | 'NotResource' | 'Principal' | 'NotPrincipal';

/** The elements a statement holds, by name. */
export type FoundElements = Pick<ReadonlyMap<PairedElement, Entry>, 'get'>;

/** Reports both an element and its Not form; returns the one to use (the first written). */
function pickPair(ctx: ParseContext, found: FoundElements, a: PairedElement, b: PairedElement, where: string): Entry | undefined {
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

/** `Action` or `NotAction`: the kind's rules, then each action checked. */
export function readActions(ctx: ParseContext, found: FoundElements, where: string, statement: Statement): void {
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

/** `Resource` or `NotResource`: the kind's and attachment's rules, then each ARN checked. */
export function readResources(
  ctx: ParseContext,
  found: FoundElements,
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

/** `Principal` or `NotPrincipal`: the kind's and attachment's rules, then the principal read. */
export function readPrincipals(
  ctx: ParseContext,
  found: FoundElements,
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

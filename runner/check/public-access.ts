/**
 * PUBLIC_ACCESS: a resource-based policy that lets a caller outside the resource's account, or an
 * anonymous caller, in. Decided with the engine, not by reading the text.
 *
 * AWS publishes no exact rule for IAM Access Analyzer's external access findings; this rule is
 * OURS. Its anchor is Amazon S3's published definition, "The meaning of 'public'"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status):
 * a policy is public unless it grants only to fixed principals, or under fixed values of
 * `aws:SourceIp`, `aws:SourceArn`, `aws:SourceVpc`, `aws:SourceVpce`, `aws:SourceOwner`,
 * `aws:SourceAccount` or `aws:userid`. We add the organization and principal keys that restrict a
 * caller the same way (`aws:PrincipalAccount`, `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`,
 * `aws:PrincipalArn`, `aws:SourceOrgID`, `aws:SourceOrgPaths`, `kms:CallerAccount`,
 * `aws:PrincipalIsAWSService`). Secrets Manager's `BlockPublicPolicy` refuses such policies
 * (PutResourcePolicy, https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutResourcePolicy.html).
 *
 * The rule, per Allow statement of the policy:
 * 1. Callers: an IAM role in another account whose own policies allow everything, and an
 *    anonymous caller (`*`).
 * 2. Requests: each action the statement allows (at most {@link MAX_ACTIONS}), on the declared
 *    resource, or on the resource the statement names (wildcards filled in), or on an example ARN
 *    of the action's resource type.
 * 3. Context: the caller sets every key the statement conditions that is not a restricting key to
 *    a value the condition accepts (its first value; a value outside the list for a negated
 *    operator). The restricting keys carry the outsider's own values (its account, organization,
 *    VPC endpoint, address `203.0.113.7` ...), all at once, none at all, and all but one for each
 *    restricting key the statement names.
 * 4. If the engine allows any such request under the statement and the policy's Deny statements
 *    (without the other Allow statements), the statement is public.
 */
import type { ActionInfo, Catalog } from '../../catalog/types';
import { evaluate } from '../engine/evaluate';
import type { AuthorizationRequest, ContextValue, RequestPrincipal, RequestResource } from '../engine/types';
import { parsePolicyText } from '../policy/parse';
import type { Condition, Policy, Statement } from '../policy/types';
import { checkRules, type Finding } from './findings';

/** Actions tried per statement. */
export const MAX_ACTIONS = 64;

const defaultOwner = '111122223333';

/** The restricting keys and the outsider's values for them (lowercase keys; `principal`: only for a caller with an identity). */
function restrictingValues(outsider: string): Record<string, { value: string; principal: boolean }> {
  return {
    'aws:principalaccount': { value: outsider, principal: true },
    'aws:principalorgid': { value: 'o-outsider0000', principal: true },
    'aws:principalorgpaths': { value: 'o-outsider0000/r-out0/ou-out0-00000000/', principal: true },
    'aws:principalarn': { value: `arn:aws:iam::${outsider}:role/outsider`, principal: true },
    'aws:userid': { value: 'AROAOUTSIDEROUTSIDER0:outsider', principal: true },
    'kms:calleraccount': { value: outsider, principal: true },
    'aws:principalisawsservice': { value: 'false', principal: false },
    'aws:sourceip': { value: '203.0.113.7', principal: false },
    'aws:sourcevpc': { value: 'vpc-0outsider0000000', principal: false },
    'aws:sourcevpce': { value: 'vpce-0outsider0000000', principal: false },
    'aws:sourcearn': { value: `arn:aws:sqs:us-east-1:${outsider}:outsider`, principal: false },
    'aws:sourceaccount': { value: outsider, principal: false },
    'aws:sourceowner': { value: outsider, principal: false },
    'aws:sourceorgid': { value: 'o-outsider0000', principal: false },
    'aws:sourceorgpaths': { value: 'o-outsider0000/r-out0/ou-out0-00000000/', principal: false },
    's3:x-amz-server-side-encryption-aws-kms-key-id': { value: `arn:aws:kms:us-east-1:${outsider}:key/outsider`, principal: false },
  };
}

let allowAll: Policy | undefined;

/** The outsider's identity-based policy: allows everything, so only the resource policy decides. */
function outsiderPolicy(): Policy {
  const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
  allowAll ??= parsePolicyText(text, { file: '<outsider>', name: 'outsider', kind: 'identity' }).value!;
  return allowAll;
}

/** A concrete value from a pattern: `*` and `?` become `x`. */
function filled(pattern: string): string {
  return pattern.replace(/[*?]/g, 'x');
}

/** The value a caller would send to satisfy `c`, or undefined to leave the key absent. */
function satisfying(c: Condition): string | undefined {
  const first = c.values[0]?.value ?? 'x';
  if (c.operator === 'Null') return first === 'true' ? undefined : 'x';
  if (/Not/.test(c.operator)) return 'outsider-value';
  return filled(first);
}

/** The ARN of `action`'s first resource type, from the catalog's template. */
export function exampleArn(catalog: Catalog, action: ActionInfo, owner: string): string | undefined {
  const type = action.resourceTypes[0];
  if (!type) return undefined;
  const info = catalog.resourceTypesOf(action.service).find((t) => t.name === type.name);
  if (!info) return undefined;
  return info.arn
    .replace(/\$\{Partition\}/g, 'aws')
    .replace(/\$\{Region\}/g, 'us-east-1')
    .replace(/\$\{Account\}/g, owner)
    .replace(/\$\{[^}]*\}/g, 'example');
}

/** The owner account: the declared resource's, else the first account in the statement's Resource, else a default. */
function ownerOf(declared: RequestResource | undefined, s: Statement): string {
  if (declared?.account) return declared.account;
  for (const arn of [declared?.arn, ...(s.resource ?? []).map((r) => r.value)]) {
    const account = arn?.split(':')[4];
    if (account && /^\d{12}$/.test(account)) return account;
  }
  return defaultOwner;
}

/** The requests' resource for `action`: the declared one, a Resource entry that applies, or an example. */
function resourceFor(
  catalog: Catalog,
  action: ActionInfo,
  s: Statement,
  owner: string,
  declared?: RequestResource,
): RequestResource | undefined {
  if (declared) return declared;
  if (action.resourceTypes.length === 0) return undefined;
  for (const r of s.resource ?? []) {
    if (r.value === '*') continue;
    const arn = filled(r.value);
    if (catalog.actionAppliesTo(action, arn)) return { arn, account: owner };
  }
  const arn = exampleArn(catalog, action, owner);
  return arn ? { arn, account: owner } : undefined;
}

/** The actions a statement allows that the check tries. */
function actionsOf(catalog: Catalog, s: Statement, declared?: RequestResource): ActionInfo[] {
  const seen = new Map<string, ActionInfo>();
  for (const a of s.action ?? []) for (const info of catalog.expandActions(a.value)) seen.set(info.id, info);
  let actions = [...seen.values()];
  if (declared) actions = actions.filter((a) => catalog.actionAppliesTo(a, declared.arn));
  return actions.slice(0, MAX_ACTIONS);
}

/** The context variants of step 3 of the module comment. */
function contexts(s: Statement, outsider: string, anonymous: boolean): Record<string, ContextValue>[] {
  const restricting = restrictingValues(outsider);
  const chosen: Record<string, ContextValue> = {};
  for (const c of s.conditions) {
    const key = c.key.value.toLowerCase();
    if (key in restricting) continue;
    const value = satisfying(c);
    if (value !== undefined) chosen[c.key.value] = value;
  }
  const usable = Object.entries(restricting).filter(([, r]) => !(anonymous && r.principal));
  const all = Object.fromEntries(usable.map(([k, r]) => [k, r.value]));
  const named = new Set(s.conditions.map((c) => c.key.value.toLowerCase()).filter((k) => k in all));
  const variants = [all, {}, ...[...named].map((k) => Object.fromEntries(Object.entries(all).filter(([key]) => key !== k)))];
  return variants.map((v) => ({ ...chosen, ...v }));
}

/** The PUBLIC_ACCESS findings of a resource-based policy; `declared` is the resource it is attached to, when known. */
export function checkPublicAccess(policy: Policy, catalog: Catalog, declared?: RequestResource): Finding[] {
  if (policy.kind !== 'resource') return [];
  const out: Finding[] = [];
  for (const s of policy.statements) {
    if (s.effect !== 'Allow' || !s.action) continue;
    const owner = ownerOf(declared, s);
    const outsider = owner === '999999999999' ? '888888888888' : '999999999999';
    const callers: { principal: RequestPrincipal; anonymous: boolean; words: string }[] = [
      { principal: { arn: '*' }, anonymous: true, words: 'anonymous callers' },
      { principal: { arn: `arn:aws:iam::${outsider}:role/outsider` }, anonymous: false, words: 'any principal in another account' },
    ];
    const found = firstAllowed(catalog, policy, s, owner, callers, declared);
    if (!found) continue;
    out.push({
      code: 'PUBLIC_ACCESS',
      severity: checkRules.PUBLIC_ACCESS.severity,
      message: `policy \`${policy.name}\`: statement ${s.index + 1}${s.sid ? ` \`${s.sid.value}\`` : ''}: lets ${found.words} call \`${found.action}\`${found.resource ? ` on \`${found.resource}\`` : ''}`,
      span: s.span,
      policy: policy.name,
      statement: s.sid ? { index: s.index, sid: s.sid.value } : { index: s.index },
      help: 'name the principals in `Principal`, or add a condition on a restricting key such as `aws:PrincipalOrgID`, `aws:PrincipalAccount` or `aws:SourceVpce`',
    });
  }
  return out;
}

type Caller = { principal: RequestPrincipal; anonymous: boolean; words: string };

/** The first request of the rule that the engine allows, if any. */
function firstAllowed(
  catalog: Catalog,
  policy: Policy,
  s: Statement,
  owner: string,
  callers: readonly Caller[],
  declared?: RequestResource,
): { words: string; action: string; resource?: string } | undefined {
  const actions = actionsOf(catalog, s, declared);
  // The statement alone with the policy's Deny statements: another Allow must not decide for it.
  const alone: Policy = { ...policy, statements: [s, ...policy.statements.filter((d) => d.effect === 'Deny')] };
  for (const caller of callers) {
    const variants = contexts(
      s,
      caller.principal.arn!.split(':')[4] || (owner === '999999999999' ? '888888888888' : '999999999999'),
      caller.anonymous,
    );
    const policies = { identity: caller.anonymous ? [] : [outsiderPolicy()], resource: alone };
    for (const action of actions) {
      const resource = resourceFor(catalog, action, s, owner, declared);
      for (const context of variants) {
        const request: AuthorizationRequest = {
          principal: caller.principal,
          action: action.id,
          context,
          ...(resource ? { resource } : {}),
        };
        if (evaluate(request, policies).decision === 'allow')
          return { words: caller.words, action: action.id, ...(resource ? { resource: resource.arn } : {}) };
      }
    }
  }
  return undefined;
}

/**
 * Principal and NotPrincipal matching (resource-based policies and RCPs).
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html:
 * - section "AWS account principals": a 12-digit account id or `arn:aws:iam::ACCOUNT:root` means
 *   the account: it matches every principal of that account (and delegates to its IAM policies);
 * - sections "IAM user principals", "IAM role principals", "Role session principals", "AWS STS
 *   federated user principals": the ARN names that principal; a role ARN matches the role's
 *   sessions;
 * - section "AWS service principals": `Service` entries match the service principal;
 * - section "All principals": `"*"` and `{"AWS": "*"}` match everyone, anonymous callers included.
 * How the match happened (`direct`, `role`, `account`, `any`) matters for same-account decisions
 * (decide.ts).
 *
 * NotPrincipal (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html,
 * section "NotPrincipal with Deny"): the Deny spares a principal only when the element lists its
 * own ARN (for a role session, the session ARN) and its account; and per
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html ("Important"
 * note) it always applies to a principal that has a permissions boundary.
 */
import type { PrincipalElement } from '../policy/types';
import type { PrincipalInfo } from './principal-info';

/** How a Principal entry matched the caller. */
export type PrincipalMatchKind = 'direct' | 'role' | 'account' | 'any';

/** A match: its kind and the entry text. */
export interface PrincipalMatch {
  kind: PrincipalMatchKind;
  entry: string;
}

const accountArn = /^arn:[^:]+:iam::(\d{12}):root$/;

/** The account an entry names (`111122223333` or `arn:aws:iam::111122223333:root`), if it names one. */
function namedAccount(entry: string): string | undefined {
  if (/^\d{12}$/.test(entry)) return entry;
  return accountArn.exec(entry)?.[1];
}

/** The strongest way the element matches the caller, or undefined. */
export function matchPrincipal(el: PrincipalElement, p: PrincipalInfo): PrincipalMatch | undefined {
  if (el.kind === 'any') return { kind: 'any', entry: '*' };
  let best: PrincipalMatch | undefined;
  const rank = { direct: 3, any: 3, role: 2, account: 1 } as const;
  const offer = (m: PrincipalMatch): void => {
    if (!best || rank[m.kind] > rank[best.kind]) best = m;
  };
  for (const s of el.AWS) {
    const e = s.value;
    if (e === '*') offer({ kind: 'any', entry: e });
    else if (p.kind === 'service' || p.kind === 'anonymous') continue;
    // A role ARN names the role, not a session: for a caller given as the role itself it is a
    // `role` match all the same (limited by boundaries and session policies, decide.ts).
    else if (e === p.arn) offer({ kind: p.kind === 'role' ? 'role' : 'direct', entry: e });
    else if (p.roleArn !== undefined && roleArnMatches(e, p)) offer({ kind: 'role', entry: e });
    else if (namedAccount(e) !== undefined && namedAccount(e) === p.account) offer({ kind: 'account', entry: e });
  }
  if (p.kind === 'service') {
    for (const s of el.Service) if (s.value === '*' || s.value.toLowerCase() === p.service!.toLowerCase()) offer({ kind: 'direct', entry: s.value });
  }
  return best;
}

/** A role ARN entry (with or without path) names the caller's role. */
function roleArnMatches(entry: string, p: PrincipalInfo): boolean {
  const m = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(entry);
  return m !== null && m[2] === p.account && m[3] === p.roleName && p.roleArn!.startsWith(`arn:${m[1]}:`);
}

/** True when a NotPrincipal element spares the caller (the Deny does not apply to it). */
export function notPrincipalExcludes(el: PrincipalElement, p: PrincipalInfo, hasBoundary: boolean): boolean {
  if (el.kind === 'any') return true;
  if (hasBoundary) return false;
  if (p.kind === 'service') return el.Service.some((s) => s.value.toLowerCase() === p.service!.toLowerCase());
  if (p.kind === 'anonymous') return el.AWS.some((s) => s.value === '*');
  const entries = el.AWS.map((s) => s.value);
  if (entries.includes('*')) return true;
  const accountListed = entries.some((e) => namedAccount(e) === p.account);
  if (p.kind === 'root') return accountListed;
  return accountListed && entries.includes(p.arn!);
}

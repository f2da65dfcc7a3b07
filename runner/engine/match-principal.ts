/**
 * Principal and NotPrincipal matching (resource-based policies and RCPs).
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html:
 * - section "AWS account principals": a 12-digit account id or `arn:aws:iam::ACCOUNT:root` means
 *   the account: it matches every principal of that account (and delegates to its IAM policies);
 * - sections "IAM user principals", "IAM role principals", "Role session principals", "AWS STS
 *   federated user principals": the ARN names that principal; a role ARN matches the role's
 *   sessions. A role's ARN includes its path (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html,
 *   section "IAM ARNs"), so a role entry matches only the full ARN: `role/app` does not name
 *   `role/team/app`. A session ARN drops the path: when the request does not give the session's
 *   role ARN (RequestPrincipal.roleArn), a role entry matches a session by partition, account and
 *   role name, whatever its path;
 * - the IAM user that federated (RequestPrincipal.federatedFrom) names its federated user
 *   sessions as a `role` match: "if a resource-based policy grants permission to the ARN of the IAM
 *   user who federated, then requests made by the federated user during the session are limited by
 *   an implicit deny in a permission boundary or session policy"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html,
 *   section "IAM federated user sessions"; also https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html,
 *   "Resource-based policies": an implicit deny in a permissions boundary limits the permissions
 *   granted to the ARN of the underlying IAM user);
 * - section "AWS service principals": `Service` entries match the service principal;
 * - section "Federated user principals": `Federated` entries match a web identity or SAML caller
 *   authenticated by that provider: an `oidc-provider` or `saml-provider` ARN (as written), or a
 *   provider name (`cognito-identity.amazonaws.com`, `accounts.google.com`, `graph.facebook.com`,
 *   `www.amazon.com`; DNS names, compared without case). `AWS` entries other than `*`, account
 *   ids included, never name such a caller: it has no AWS identity yet;
 * - section "All principals": `"*"` and `{"AWS": "*"}` match everyone, anonymous callers included.
 * How the match happened (`direct`, `role`, `account`, `any`) matters for same-account decisions
 * (decide.ts).
 *
 * NotPrincipal (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html,
 * section "NotPrincipal with Deny"): the Deny spares a principal only when the element lists its
 * own ARN and its account (for a role session: the session, the role and the account); and per
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
const roleArn = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;

/** The account an entry names (`111122223333` or `arn:aws:iam::111122223333:root`), if it names one. */
function namedAccount(entry: string): string | undefined {
  if (/^\d{12}$/.test(entry)) return entry;
  return accountArn.exec(entry)?.[1];
}

/** One `AWS` entry, classified once. */
interface AwsEntry {
  text: string;
  /** The account it names (account id or root ARN). */
  account?: string;
  /** For a role ARN: partition, account and name (to match sessions whose role's path is unknown). */
  role?: { partition: string; account: string; name: string };
}

const compiledEntries = new WeakMap<PrincipalElement, AwsEntry[]>();

function awsEntries(el: Extract<PrincipalElement, { kind: 'map' }>): AwsEntry[] {
  let out = compiledEntries.get(el);
  if (!out) {
    out = el.AWS.map((s) => {
      const e: AwsEntry = { text: s.value };
      const account = namedAccount(s.value);
      if (account !== undefined) e.account = account;
      const m = roleArn.exec(s.value);
      if (m) e.role = { partition: m[1], account: m[2], name: m[3] };
      return e;
    });
    compiledEntries.set(el, out);
  }
  return out;
}

/** True when a role entry names the caller's role (full ARN when the role's path is known). */
function namesRole(e: AwsEntry, p: PrincipalInfo): boolean {
  if (p.roleArn === undefined) return false;
  if (p.rolePathKnown) return e.text === p.roleArn;
  const r = e.role!;
  return r.account === p.account && r.name === p.roleName && p.roleArn.startsWith(`arn:${r.partition}:`);
}

const rank: Record<PrincipalMatchKind, number> = { direct: 3, any: 3, role: 2, account: 1 };

/**
 * The strongest way the element matches the caller, or undefined. `accountMeansRoot`: an account
 * entry names the account's root user only, as in a gateway endpoint's policy: "If you specify a
 * principal in the format "AWS":"arn:aws:iam::111122223333:root", access is granted to the AWS
 * account root user only, and not all IAM principals for the account"
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html, section
 * "Principals for gateway endpoints").
 */
export function matchPrincipal(el: PrincipalElement, p: PrincipalInfo, accountMeansRoot = false): PrincipalMatch | undefined {
  if (el.kind === 'any') return anyMatch;
  let kind: PrincipalMatchKind | undefined;
  let entry = '';
  const offer = (k: PrincipalMatchKind, text: string): void => {
    if (kind === undefined || rank[k] > rank[kind]) {
      kind = k;
      entry = text;
    }
  };
  const iam = p.kind !== 'service' && p.kind !== 'anonymous' && p.kind !== 'federated';
  for (const e of awsEntries(el)) {
    if (e.text === '*') offer('any', e.text);
    else if (!iam) continue;
    // A role ARN names the role, not a session: for a caller given as the role itself it is a
    // `role` match all the same (limited by boundaries and session policies, decide.ts).
    else if (e.text === p.arn) offer(p.kind === 'role' ? 'role' : 'direct', e.text);
    // A federated user session is named through the IAM user that federated as a role is through
    // its ARN: limited by the boundary and session policies (see the header).
    else if (p.federatedFrom !== undefined && e.text === p.federatedFrom) offer('role', e.text);
    else if (e.role && namesRole(e, p)) offer('role', e.text);
    else if (e.account !== undefined && e.account === p.account && (!accountMeansRoot || p.kind === 'root')) offer('account', e.text);
  }
  if (p.kind === 'service') {
    const service = p.service!.toLowerCase();
    for (const s of el.Service) if (s.value === '*' || s.value.toLowerCase() === service) offer('direct', s.value);
  }
  if (p.kind === 'federated') for (const f of el.Federated) if (namesProvider(f.value, p.federated!)) offer('direct', f.value);
  return kind === undefined ? undefined : { kind, entry };
}

const anyMatch: PrincipalMatch = { kind: 'any', entry: '*' };

/** True when a `Federated` entry names the caller's provider: an ARN as written, a name without case. */
function namesProvider(entry: string, provider: string): boolean {
  return entry.startsWith('arn:') ? entry === provider : entry.toLowerCase() === provider.toLowerCase();
}

/**
 * True when a NotPrincipal element spares the caller (the Deny does not apply to it). AWS "might
 * validate the account first, then the role, and then the assumed-role user", so the element must
 * list every one of them: the account and the user; or the account, the role and the session.
 */
export function notPrincipalExcludes(el: PrincipalElement, p: PrincipalInfo, hasBoundary: boolean): boolean {
  if (el.kind === 'any') return true;
  if (hasBoundary) return false;
  if (p.kind === 'service') return el.Service.some((s) => s.value.toLowerCase() === p.service!.toLowerCase());
  if (p.kind === 'federated') return el.Federated.some((f) => namesProvider(f.value, p.federated!)) || el.AWS.some((e) => e.value === '*');
  const entries = awsEntries(el);
  if (entries.some((e) => e.text === '*')) return true;
  if (p.kind === 'anonymous') return false;
  const accountListed = entries.some((e) => e.account !== undefined && e.account === p.account);
  if (p.kind === 'root' || !accountListed) return accountListed;
  const selfListed = entries.some((e) => e.text === p.arn);
  if (p.kind !== 'assumedRole') return selfListed;
  return selfListed && entries.some((e) => e.role !== undefined && namesRole(e, p));
}

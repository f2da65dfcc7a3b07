/**
 * Attributes that cannot apply are refused, never ignored: a scenario that gives them says
 * something the evaluation would not do (issue #11, "no false pass").
 *
 * - `sessionPolicies`: session policies are passed when a role session (AssumeRole*) or a
 *   federated user session (GetFederationToken) is created
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session), and
 *   as the task policy of the root user's privileged session: AssumeRoot's `TaskPolicyArn` is "the
 *   identity based policy that scopes the session to the privileged tasks", used "as a session
 *   policy" (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html, request
 *   parameter `TaskPolicyArn`; https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html).
 *   An IAM user, an anonymous caller and a service principal have no session.
 * - `policies`, `boundary`: identity-based policies and permissions boundaries attach to IAM users
 *   and roles (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html).
 *   The root user is not an IAM entity: "The root user ... has full access"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html);
 *   anonymous callers and service principals are allowed only by resource-based policies
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html,
 *   sections "Anonymous (public) principals" and "AWS service principals").
 * - `organization.accounts: []` with SCPs or RCPs: SCPs apply to principals of member accounts and
 *   RCPs to their resources, so with no member they apply to nothing.
 */
import { diagnostic, type Diagnostic } from '../diagnostics';
import type { RequestPrincipal } from '../engine/types';
import { field, oneOrMany, spanOf, type Entry, type TreeSource } from '../yaml-tree/nodes';

/** The callers that cannot carry some attributes, and how messages name them. */
type Caller = 'user' | 'root' | 'anonymous' | 'service' | 'other';

const callerWords: Record<Exclude<Caller, 'other'>, string> = {
  user: 'an IAM user',
  root: 'the account root user',
  anonymous: 'an anonymous caller',
  service: 'a service principal',
};

function callerOf(request: RequestPrincipal): Caller {
  if (request.arn === undefined) return request.service !== undefined ? 'service' : 'other';
  if (request.arn === '*') return 'anonymous';
  if (/^arn:[^:]+:iam::\d{12}:root$/.test(request.arn)) return 'root';
  if (/^arn:[^:]+:iam::\d{12}:user\//.test(request.arn)) return 'user';
  return 'other';
}

/** Which callers refuse each attribute, with the help line. */
const refused: Record<
  'policies' | 'boundary' | 'sessionPolicies',
  { callers: readonly Caller[]; help: (caller: Caller, key: string) => string }
> = {
  policies: { callers: ['root', 'anonymous', 'service'], help: identityHelp },
  boundary: { callers: ['root', 'anonymous', 'service'], help: identityHelp },
  sessionPolicies: {
    callers: ['user', 'anonymous', 'service'],
    help: () =>
      "session policies belong to a role session, a federated user session or the root user's AssumeRoot session; use such an `arn`, or remove `sessionPolicies`",
  },
};

function identityHelp(caller: Caller, key: string): string {
  if (caller === 'root')
    return `the root user has no identity-based policies or permissions boundary; remove \`${key}\`, or use an IAM user or role`;
  return `${callerWords[caller as Exclude<Caller, 'other'>]} has no identity-based policies; only a resource-based policy can allow it; remove \`${key}\``;
}

/** ATTRIBUTE_NOT_APPLICABLE for each attribute of principal `name` that cannot apply to it. */
export function checkPrincipalAttributes(name: string, request: RequestPrincipal, node: unknown, src: TreeSource): Diagnostic[] {
  const caller = callerOf(request);
  if (caller === 'other') return [];
  const out: Diagnostic[] = [];
  for (const key of ['policies', 'boundary', 'sessionPolicies'] as const) {
    const entry = field(node, key, src);
    if (entry === undefined || entry.value === null || !refused[key].callers.includes(caller)) continue;
    // An empty list says nothing; an attribute with content would be ignored.
    if (key !== 'boundary' && oneOrMany(entry.value, src).length === 0) continue;
    out.push(
      diagnostic(
        'ATTRIBUTE_NOT_APPLICABLE',
        `principal \`${name}\`: \`${key}\` cannot apply to ${callerWords[caller]}`,
        spanOf(entry.value, src, entry.keySpan),
        refused[key].help(caller, key),
      ),
    );
  }
  return out;
}

/** ATTRIBUTE_NOT_APPLICABLE when `organization.accounts` is given empty while SCPs or RCPs are. */
export function checkOrganizationAccounts(accountsEntry: Entry | undefined, accounts: readonly string[], src: TreeSource): Diagnostic[] {
  if (accountsEntry === undefined || accounts.length > 0) return [];
  return [
    diagnostic(
      'ATTRIBUTE_NOT_APPLICABLE',
      '`organization.accounts` is empty, so the SCPs and RCPs apply to no account',
      spanOf(accountsEntry.value, src, accountsEntry.keySpan),
      'list the member accounts, or leave `accounts` out to take every account named in the file',
    ),
  ];
}

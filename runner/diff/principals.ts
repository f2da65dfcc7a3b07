/**
 * Representative callers for Principal and NotPrincipal elements: every caller a request can have
 * matches the same entries as one of them.
 *
 * An entry names an account (every IAM principal of it), a user, a role (and its sessions), a role
 * session, a service, or an identity provider, or is `*`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html,
 * sections "AWS account principals", "IAM role principals", "Role sessions", "AWS service
 * principals", "Federated user principals", "All principals"); Principal entries take no other
 * wildcard. So a caller's answers depend on which named ARN it is, which named account it is in,
 * and its kind: the callers below cover each combination.
 */
import type { PrincipalElement, Statement } from '../policy/types';
import type { RequestPrincipal } from '../engine/types';

const accountArn = /^arn:([^:]+):(?:iam|sts)::(\d{12}):(.*)$/;

/** The default caller when no statement names one: an IAM user. */
export const defaultPrincipal: RequestPrincipal = { arn: 'arn:aws:iam::111122223333:user/iamspec-diff' };

/** Representative callers for the Principal and NotPrincipal elements of `statements`. */
export function principalReps(statements: readonly Statement[]): RequestPrincipal[] {
  const elements = statements.flatMap((s) => [s.principal, s.notPrincipal]).filter((e): e is PrincipalElement => e !== undefined);
  if (elements.length === 0) return [defaultPrincipal];
  const accounts = new Set<string>();
  const out = new Map<string, RequestPrincipal>();
  const add = (p: RequestPrincipal): void => void out.set(JSON.stringify(p), p);
  for (const el of elements) {
    if (el.kind === 'any') continue;
    for (const { value } of el.AWS) {
      if (/^\d{12}$/.test(value)) accounts.add(value);
      const m = accountArn.exec(value);
      if (!m) continue;
      const [, partition, account, rest] = m;
      accounts.add(account);
      if (rest === 'root') continue;
      add({ arn: value });
      const role = /^role\/(?:.*\/)?([^/]+)$/.exec(rest);
      // A session of a named role: matched through its role, but named apart by NotPrincipal.
      if (role) add({ arn: `arn:${partition}:sts::${account}:assumed-role/${role[1]}/iamspec-diff`, roleArn: value });
    }
    for (const { value } of el.Service) if (value !== '*') add({ service: value });
    for (const { value } of el.Federated) add({ federated: value });
  }
  // The root user last: in its own account AWS grants it everything whatever the policy says, so
  // a counterexample is clearer with an IAM user.
  for (const account of [...accounts].sort()) {
    add({ arn: `arn:aws:iam::${account}:user/iamspec-diff` });
    add({ arn: `arn:aws:iam::${account}:role/iamspec-diff` });
    add({ arn: `arn:aws:sts::${account}:assumed-role/iamspec-diff/iamspec-diff` });
    add({ arn: `arn:aws:iam::${account}:root` });
  }
  // Callers no entry names: another account's user, role and session, an anonymous caller, a
  // service and an identity provider.
  const outsider = ['999999999999', '999999999998'].find((a) => !accounts.has(a))!;
  add({ arn: `arn:aws:iam::${outsider}:user/iamspec-diff` });
  add({ arn: `arn:aws:iam::${outsider}:root` });
  add({ arn: `arn:aws:sts::${outsider}:assumed-role/iamspec-diff/iamspec-diff` });
  add({ arn: '*' });
  add({ service: 'iamspec-diff.amazonaws.com' });
  add({ federated: 'arn:aws:iam::999999999999:oidc-provider/iamspec-diff.example.com' });
  return [...out.values()];
}

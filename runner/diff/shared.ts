/**
 * Statements both policies hold word for word need not be searched, and dropping them keeps
 * policy variables in unchanged statements from making the answer `unknown`.
 *
 * For a request x that NEW allows and OLD does not:
 * - x matches no Deny statement of NEW, so a Deny statement OLD holds too does not match x either:
 *   OLD's copy can be dropped without changing whether OLD denies x;
 * - once OLD has no Deny statement left, an Allow statement both hold cannot match x (OLD would
 *   allow x through its copy): NEW's copy can be dropped.
 * Both steps keep every such x and add none, so the answer is unchanged
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html:
 * an explicit deny overrides any allow; without an allow a request is implicitly denied).
 */
import type { Policy, Statement } from '../policy/types';

/** The statement's meaning as text: every element, without positions, index or Sid. */
export function statementKey(s: Statement): string {
  return JSON.stringify(s, (k, v: unknown) => (k === 'span' || k === 'index' || k === 'sid' ? undefined : v));
}

/** OLD and NEW with the shared statements dropped as described above; the policies' versions must agree. */
export function dropShared(oldPolicy: Policy, newPolicy: Policy): { oldPolicy: Policy; newPolicy: Policy } {
  // Variables are substituted only under 2012-10-17: equal text means the same only under one version.
  if (oldPolicy.version !== newPolicy.version) return { oldPolicy, newPolicy };
  const newKeys = new Set(newPolicy.statements.filter((s) => s.effect === 'Deny').map(statementKey));
  const oldStatements = oldPolicy.statements.filter((s) => s.effect !== 'Deny' || !newKeys.has(statementKey(s)));
  let newStatements = newPolicy.statements;
  if (!oldStatements.some((s) => s.effect === 'Deny')) {
    const oldAllows = new Set(oldStatements.map(statementKey));
    newStatements = newStatements.filter((s) => s.effect !== 'Allow' || !oldAllows.has(statementKey(s)));
  }
  return { oldPolicy: { ...oldPolicy, statements: oldStatements }, newPolicy: { ...newPolicy, statements: newStatements } };
}

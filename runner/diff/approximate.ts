/**
 * Policy variables (`${aws:username}`) make a pattern depend on the request; the search treats
 * them by bounds, so a "no new access" stays a proof:
 *
 * - `over`: the statement applies to at least every request it really applies to. A variable in a
 *   Resource entry becomes `*`; a NotResource entry with a variable is dropped; a condition with a
 *   variable in a value is dropped (true).
 * - `under`: the statement applies to at most the requests it really applies to. A Resource entry
 *   with a variable is dropped; in a NotResource entry the variable becomes `*`; a statement with a
 *   variable in a condition value is dropped.
 *
 * NEW's Allow statements are taken `over` and its Deny statements `under`; OLD the other way. NEW
 * then allows at least what it really allows and OLD at most, so when the bounded NEW allows
 * nothing the bounded OLD does not, the real NEW does not either. A difference found on the bounds
 * is checked on the real policies before it is reported (search.ts).
 *
 * Example: `arn:aws:s3:::b/${aws:username}/*` is `arn:aws:s3:::b/*` + `/*` as an upper bound
 * (any user name is some text, which `*` matches) and nothing as a lower bound.
 *
 * Variables are substituted only under Version 2012-10-17
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html, section
 * "Where you can use policy variables"; the `Version` note): otherwise the text is literal.
 */
import type { Policy, Spanned, Statement } from '../policy/types';

/** Which bound a statement is taken as. */
export type Bound = 'over' | 'under';

const variable = /\$\{[^}]*\}/g;

function hasVariable(s: string): boolean {
  return s.includes('${');
}

function widen(entries: readonly Spanned[]): Spanned[] {
  return entries.map((e) => (hasVariable(e.value) ? { ...e, value: e.value.replace(variable, '*') } : e));
}

function keep(entries: readonly Spanned[]): Spanned[] {
  return entries.filter((e) => !hasVariable(e.value));
}

/** The statement taken as `bound`, or undefined when the lower bound applies to nothing. */
export function boundStatement(s: Statement, bound: Bound): Statement | undefined {
  const conditionVars = s.conditions.some((c) => c.values.some((v) => hasVariable(v.value)));
  if (bound === 'under' && conditionVars) return undefined;
  const out: Statement = { ...s };
  if (s.resource) out.resource = bound === 'over' ? widen(s.resource) : keep(s.resource);
  if (s.notResource) out.notResource = bound === 'over' ? keep(s.notResource) : widen(s.notResource);
  if (conditionVars) out.conditions = s.conditions.filter((c) => !c.values.some((v) => hasVariable(v.value)));
  return out;
}

/** True when the policy substitutes variables and some statement has one. */
export function usesVariables(p: Policy): boolean {
  if (p.version !== '2012-10-17') return false;
  return p.statements.some(
    (s) =>
      [...(s.resource ?? []), ...(s.notResource ?? [])].some((e) => hasVariable(e.value)) ||
      s.conditions.some((c) => c.values.some((v) => hasVariable(v.value))),
  );
}

/**
 * The policy with every statement bounded: `side` `new` takes Allow `over` and Deny `under`;
 * `old` the reverse. Policies without variables are returned as they are.
 */
export function boundPolicy(p: Policy, side: 'new' | 'old'): Policy {
  if (!usesVariables(p)) return p;
  const statements: Statement[] = [];
  for (const s of p.statements) {
    const over = (s.effect === 'Allow') === (side === 'new');
    const b = boundStatement(s, over ? 'over' : 'under');
    if (b) statements.push(b);
  }
  // The bounds hold no variables any more; the text is matched literally from here on.
  return { ...p, statements };
}

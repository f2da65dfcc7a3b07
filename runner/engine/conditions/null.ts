/**
 * Null: `true` means the key is absent from the request, `false` that it is present. It tests
 * existence, so the missing-key rules of the other operators do not apply, and it has no IfExists
 * form.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * section "Condition operator to check existence of condition keys".
 */
import type { OperatorFamily } from './types';

/** The Null family: its predicate reads the text `true` (absent) or `false` (present). */
export const nullFamily: OperatorFamily = {
  name: 'null',
  variables: false,
  compile(operator, value) {
    const p = value.text.toLowerCase();
    if (operator !== 'Null' || (p !== 'true' && p !== 'false')) return undefined;
    return (presence) => presence === p;
  },
};

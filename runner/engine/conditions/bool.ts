/**
 * Bool: `true` or `false`, compared case-insensitively (context values arrive as text).
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * section "Boolean condition operators" (policy variables supported).
 */
import type { OperatorFamily } from './types';

/** The Boolean family. */
export const boolFamily: OperatorFamily = {
  name: 'bool',
  variables: true,
  compile(operator, value) {
    const p = value.text.toLowerCase();
    if (operator !== 'Bool' || (p !== 'true' && p !== 'false')) return undefined;
    return (s) => s.toLowerCase() === p;
  },
};

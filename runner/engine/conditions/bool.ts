/**
 * Bool: `true` or `false`, compared case-insensitively (context values arrive as text).
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * section "Boolean condition operators" (policy variables supported).
 */
import type { OperatorFamily } from './types';
import { hashedAnyOf } from './value-set';

/** The Boolean family. */
export const boolFamily: OperatorFamily = {
  name: 'bool',
  variables: true,
  compile(operator, value) {
    const p = value.text.toLowerCase();
    if (operator !== 'Bool' || (p !== 'true' && p !== 'false')) return undefined;
    return (s) => s.toLowerCase() === p;
  },
  compileSet(operator, values) {
    return operator === 'Bool'
      ? hashedAnyOf(
          values.map((v) => v.text.toLowerCase()),
          (s) => s.toLowerCase(),
        )
      : undefined;
  },
};

/**
 * Numeric operators: NumericEquals, NumericLessThan, NumericLessThanEquals, NumericGreaterThan,
 * NumericGreaterThanEquals (NumericNotEquals is the negation of NumericEquals). A context value
 * that is not a number matches nothing.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * section "Numeric condition operators" (policy variables not supported).
 */
import type { OperatorFamily } from './types';

const numeric = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Parses a number as AWS writes them (integers and decimals), or NaN. */
export function parseNumber(s: string): number {
  const t = s.trim();
  return numeric.test(t) ? Number(t) : NaN;
}

/** The numeric family. */
export const numericFamily: OperatorFamily = {
  name: 'numeric',
  variables: false,
  compile(operator, value) {
    const p = parseNumber(value.text);
    if (Number.isNaN(p)) return undefined;
    const cmp = comparator(operator);
    if (!cmp) return undefined;
    return (s) => {
      const c = parseNumber(s);
      return !Number.isNaN(c) && cmp(c, p);
    };
  },
};

/** The comparison of a positive ordered operator (`…Equals`, `…LessThan`, ...), shared with dates. */
export function comparator(operator: string): ((context: number, policy: number) => boolean) | undefined {
  if (operator.endsWith('LessThanEquals')) return (c, p) => c <= p;
  if (operator.endsWith('LessThan')) return (c, p) => c < p;
  if (operator.endsWith('GreaterThanEquals')) return (c, p) => c >= p;
  if (operator.endsWith('GreaterThan')) return (c, p) => c > p;
  if (operator.endsWith('Equals')) return (c, p) => c === p;
  return undefined;
}

/**
 * Numeric operators: NumericEquals, NumericLessThan, NumericLessThanEquals, NumericGreaterThan,
 * NumericGreaterThanEquals (NumericNotEquals is the negation of NumericEquals). A context value
 * that is not a number matches nothing.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * section "Numeric condition operators" (policy variables not supported).
 */
import { isNumeric } from '../../../lib/value-grammar';
import type { OperatorFamily, ValuePredicate } from './types';
import { hashedAnyOf, orderedAnyOf } from './value-set';

/**
 * Parses a number as AWS writes them (integers and decimals), or NaN. The grammar is the policy
 * check's (lib/value-grammar.ts `isNumeric`), so the check and the engine agree on every value:
 * surrounding whitespace is not a number to either, as with dates (`parseDate`).
 */
export function parseNumber(s: string): number {
  return isNumeric(s) ? Number(s) : NaN;
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
  compileSet(operator, values) {
    return numbersAnyOf(
      operator,
      values.map((v) => parseNumber(v.text)),
      parseNumber,
    );
  },
};

/**
 * The set form of an ordered family (numbers, dates) over policy values already parsed (none NaN):
 * a hash set for `…Equals`, the extreme value otherwise. Set lookup compares as `===` does
 * (`0` and `-0` are one key); NaN, the parse of unreadable text, is never a key.
 */
export function numbersAnyOf(operator: string, policy: readonly number[], parse: (s: string) => number): ValuePredicate | undefined {
  if (operator.endsWith('Equals') && !operator.endsWith('ThanEquals')) return hashedAnyOf(policy, parse);
  return orderedAnyOf(operator, policy, parse);
}

/** The comparison of a positive ordered operator (`…Equals`, `…LessThan`, ...), shared with dates. */
export function comparator(operator: string): ((context: number, policy: number) => boolean) | undefined {
  if (operator.endsWith('LessThanEquals')) return (c, p) => c <= p;
  if (operator.endsWith('LessThan')) return (c, p) => c < p;
  if (operator.endsWith('GreaterThanEquals')) return (c, p) => c >= p;
  if (operator.endsWith('GreaterThan')) return (c, p) => c > p;
  if (operator.endsWith('Equals')) return (c, p) => c === p;
  return undefined;
}

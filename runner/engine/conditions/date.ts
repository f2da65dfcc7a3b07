/**
 * Date operators: DateEquals, DateLessThan, DateLessThanEquals, DateGreaterThan,
 * DateGreaterThanEquals (DateNotEquals is the negation of DateEquals). Values are read by
 * `parseDate` (lib/value-grammar.ts), the one date grammar the policy check uses too: ISO 8601
 * dates (W3C profile) or epoch seconds; a value it cannot read matches nothing.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * section "Date condition operators" (policy variables not supported).
 */
import { parseDate } from '../../../lib/value-grammar';
import { comparator, numbersAnyOf } from './numeric';
import type { OperatorFamily } from './types';

/** The date family. */
export const dateFamily: OperatorFamily = {
  name: 'date',
  variables: false,
  compile(operator, value) {
    const p = parseDate(value.text);
    const cmp = comparator(operator);
    if (Number.isNaN(p) || !cmp) return undefined;
    return (s) => {
      const c = parseDate(s);
      return !Number.isNaN(c) && cmp(c, p);
    };
  },
  compileSet(operator, values) {
    return numbersAnyOf(
      operator,
      values.map((v) => parseDate(v.text)),
      parseDate,
    );
  },
};

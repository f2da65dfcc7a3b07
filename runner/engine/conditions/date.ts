/**
 * Date operators: DateEquals, DateLessThan, DateLessThanEquals, DateGreaterThan,
 * DateGreaterThanEquals (DateNotEquals is the negation of DateEquals). Values are ISO 8601 dates
 * (W3C profile: date, date-time with optional seconds, fractions and zone) or epoch seconds.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * section "Date condition operators" (policy variables not supported).
 */
import { daysInMonth } from '../../../lib/value-grammar';
import { comparator, numbersAnyOf } from './numeric';
import type { OperatorFamily } from './types';

const iso = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Milliseconds since the epoch, or NaN (also for a day that does not exist, such as `2026-02-31`,
 * which `Date.UTC` would roll over to March 3). A date-time without a zone is read as UTC.
 */
export function parseDate(s: string): number {
  const t = s.trim();
  if (/^\d+(?:\.\d+)?$/.test(t)) return Number(t) * 1000;
  const m = iso.exec(t);
  if (!m) return NaN;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(Number(y), month) || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 60)
    return NaN;
  let ms = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(sec)) + (frac ? Math.round(Number(frac) * 1000) : 0);
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60000;
  }
  return ms;
}

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

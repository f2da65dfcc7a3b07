/**
 * The condition value grammar shared by the policy checker (runner/policy/condition-values.ts)
 * and the engine (runner/engine/conditions/), so the two cannot drift: a value the checker accepts
 * is one the engine can read, and the other way round.
 *
 * A leaf: it imports nothing of ours (enforced by .dependency-cruiser.cjs).
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */

const numeric = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * An integer or decimal number as AWS writes them, such as `10`, `-3` or `2.5` (section "Numeric
 * condition operators").
 */
export function isNumeric(value: string): boolean {
  return numeric.test(value);
}

/**
 * The number of days in `month` (1 to 12) of `year` in the proleptic Gregorian calendar, which
 * ISO 8601 uses: February has 29 days in years divisible by 4, except centuries not divisible by
 * 400. Both the policy check and the engine's date parser use it, so a date such as `2026-02-31`
 * is refused by both instead of rolling over to March 3 (section "Date condition operators").
 */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const base64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes base64 into a canonical form (bytes as hex), or undefined when it is not base64
 * (section "Binary condition operators"). Two spellings of the same bytes (padding) decode alike.
 */
export function decodeBase64(s: string): string | undefined {
  const t = s.trim();
  if (!base64.test(t) || t.replace(/=+$/, '').length % 4 === 1) return undefined;
  return Buffer.from(t, 'base64').toString('hex');
}

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

/**
 * The date forms both the policy check and the engine read. AWS: "You must specify date/time values
 * with one of the W3C implementations of the ISO 8601 date formats or in epoch (UNIX) time"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html,
 * section "Date condition operators"). The W3C profile (https://www.w3.org/TR/NOTE-datetime) has
 * year and month (`2026-01`), a complete date (`2026-01-01`), and a date with hours and minutes,
 * seconds or a decimal fraction of a second (`2026-01-01T00:00:00.5Z`), with a zone `Z` or `+hh:mm`.
 * Also read, as ISO 8601 itself allows them: a date-time without a zone (read as UTC, the zone of
 * `aws:CurrentTime`) and an offset without its colon (`-0500`). Epoch time is
 * seconds since 1970-01-01T00:00:00Z, whole or decimal (`1767225600`, `1767225600.5`).
 *
 * Not read, by either side: a year alone (`2026` is epoch seconds), a negative epoch, surrounding
 * whitespace (AWS compares the value as written; neither grammar has spaces), a day that does
 * not exist (`2026-02-31`, which `Date.UTC` would roll over to March 3), hours past 23 or minutes
 * past 59 (in the time or the offset). A second of 60 (a leap second, which ISO 8601 allows) is read as the next minute.
 */
const isoDate = /^(\d{4})-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?$/;
const epochSeconds = /^\d+(?:\.\d+)?$/;

/**
 * Milliseconds since the epoch of a date value (the forms above), or NaN when it is none of them.
 *
 * Example: `2026-01-01T01:00:00+01:00` → `1767225600000`; `1767225600` → `1767225600000`.
 */
export function parseDate(value: string): number {
  if (epochSeconds.test(value)) return Number(value) * 1000;
  const m = isoDate.exec(value);
  if (!m) return NaN;
  const [, y, mo, d = '1', h = '0', mi = '0', sec = '0', frac, zone] = m;
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 60) return NaN;
  // `Date.UTC` reads years 0 to 99 as 1900 to 1999; `setUTCFullYear` takes the year as written.
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day);
  at.setUTCHours(Number(h), Number(mi), Number(sec));
  let ms = at.getTime() + (frac ? Math.round(Number(frac) * 1000) : 0);
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const [zh, zm] = [Number(digits.slice(0, 2)), Number(digits.slice(2))];
    if (zh > 23 || zm > 59) return NaN;
    ms -= sign * (zh * 60 + zm) * 60000;
  }
  return ms;
}

/** Whether `value` is a date value {@link parseDate} reads. */
export function isDate(value: string): boolean {
  return !Number.isNaN(parseDate(value));
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

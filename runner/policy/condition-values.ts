/**
 * Whether a condition value can be read the way its operator reads it.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import { isIP } from 'node:net';
import type { OperatorFamily } from './operators';

/**
 * Checks one value; returns undefined when it fits, else the help text (what is accepted).
 * Values holding a policy variable (`${aws:username}`) are resolved at evaluation time and are
 * not checked here.
 */
export function checkConditionValue(family: OperatorFamily, value: string): string | undefined {
  switch (family) {
    case 'string':
    case 'arn':
      return undefined;
    case 'bool':
    case 'null':
      // Bool: "true" or "false"; Null: "true" (the key is absent) or "false" (section "Condition
      // operator to check existence of condition keys").
      return /^(true|false)$/i.test(value) ? undefined : 'expected `true` or `false`';
    case 'numeric':
      return isNumeric(value) ? undefined : 'expected an integer or decimal number such as `10` or `2.5`';
    case 'date':
      return isDate(value) ? undefined : 'expected an ISO 8601 date such as `2026-01-01T00:00:00Z`, or epoch seconds';
    case 'ip':
      return isIpOrCidr(value) ? undefined : 'expected an IPv4 or IPv6 address or CIDR block such as `203.0.113.0/24`';
    case 'binary':
      return isBase64(value) ? undefined : 'expected base64-encoded bytes';
  }
}

/** An integer or decimal number (section "Numeric condition operators"). */
export function isNumeric(value: string): boolean {
  return /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/.test(value);
}

// W3C profile of ISO 8601 that AWS documents (section "Date condition operators"): a date, a date
// with time to minutes, seconds or fractions, with `Z` or an offset; or epoch (UNIX) time.
const isoDate = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO 8601 date or date-time, or epoch seconds. */
export function isDate(value: string): boolean {
  if (/^\d+$/.test(value)) return true;
  const m = isoDate.exec(value);
  if (!m) return false;
  const [month, day] = [Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60;
}

/** An IPv4 or IPv6 address, alone or with a prefix length (section "IP address condition operators"). */
export function isIpOrCidr(value: string): boolean {
  const slash = value.indexOf('/');
  const address = slash === -1 ? value : value.slice(0, slash);
  const version = isIP(address);
  if (version === 0) return false;
  if (slash === -1) return true;
  const prefix = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}

/** Base64 text (section "Binary condition operators"). */
export function isBase64(value: string): boolean {
  return value.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(value);
}

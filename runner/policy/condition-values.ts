/**
 * Whether a condition value can be read the way its operator reads it.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import { isIP } from 'node:net';
import { decodeBase64 } from '../engine/conditions/binary';
import { daysInMonth } from '../engine/conditions/date';
import type { OperatorFamily } from './operators';

/**
 * Checks one value as literal text; returns undefined when it fits, else the help text (what is
 * accepted). The caller skips values whose policy variables are substituted (see
 * {@link substitutesVariables}).
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
    case 'ip': {
      const zone = /%[^/]*/.exec(value);
      if (zone) return `remove the zone id \`${zone[0]}\`: IP address conditions take an address or CIDR block without one, such as \`fe80::1\``;
      return isIpOrCidr(value) ? undefined : 'expected an IPv4 or IPv6 address or CIDR block such as `203.0.113.0/24`';
    }
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


/** An ISO 8601 date or date-time of a day that exists, or epoch seconds. */
export function isDate(value: string): boolean {
  if (/^\d+$/.test(value)) return true;
  const m = isoDate.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  return hour <= 23 && minute <= 59 && second <= 60;
}

/**
 * An IPv4 or IPv6 address, alone or with a prefix length (section "IP address condition operators").
 * IPv6 zone ids (`fe80::1%eth0`, RFC 4007) are refused: node:net's isIP accepts them, but the
 * engine's parser (runner/engine/conditions/ip.ts, RFC 4291 section 2.2 text form) does not, and a
 * value the engine cannot read would make the condition never match.
 */
export function isIpOrCidr(value: string): boolean {
  if (value.includes('%')) return false;
  const slash = value.indexOf('/');
  const address = slash === -1 ? value : value.slice(0, slash);
  const version = isIP(address);
  if (version === 0) return false;
  if (slash === -1) return true;
  const prefix = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * Base64 text (section "Binary condition operators"): exactly what the engine's decoder
 * (runner/engine/conditions/binary.ts) reads, so no value passes here that the engine would treat
 * as never matching. That includes unpadded text such as `QQ`: AWS's pages do not say whether the
 * padding `=` is required, so padding is not required here (nor by the engine).
 */
export function isBase64(value: string): boolean {
  return decodeBase64(value) !== undefined;
}

/**
 * Whether AWS substitutes policy variables in this family's values. The condition operators page
 * gives each family a "Policy variables" line: supported for String, Boolean and ARN operators,
 * not supported for Numeric, Date, Binary and IP address operators; the variables page (section
 * "Where you can use policy variables") adds Null. Elsewhere `${...}` stays literal text, which can
 * never be a number, date, address, base64 or `true`/`false`, so such a value is an error: a Deny
 * holding it would never apply.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-wheretouse
 */
export function substitutesVariables(family: OperatorFamily): boolean {
  return family === 'string' || family === 'arn' || family === 'bool';
}

/** How help text names each family's operators. */
export const familyNames: Readonly<Record<OperatorFamily, string>> = {
  string: 'String',
  arn: 'ARN',
  bool: 'Boolean',
  numeric: 'Numeric',
  date: 'Date',
  ip: 'IP address',
  binary: 'Binary',
  null: 'Null',
};

/**
 * The variables in `value` whose default value is not separated from the key by a comma and a
 * space, each with the form AWS documents: "separate the variable text and the default value with
 * a comma and space" (variables page, section "Specifying default values"). AWS does not say what
 * it does with other spellings, so the parser warns rather than guess.
 *
 * Example: `home/${aws:username,'nobody'}` → `[{ found: "${aws:username,'nobody'}", want: "${aws:username, 'nobody'}" }]`.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-default-values
 */
export function defaultsWithoutSpace(value: string): { found: string; want: string }[] {
  const out: { found: string; want: string }[] = [];
  for (const m of value.matchAll(/\$\{([^}]*)\}/g)) {
    const body = m[1]!;
    const comma = body.indexOf(',');
    if (comma === -1 || body[comma + 1] === ' ') continue;
    out.push({ found: m[0], want: `\${${body.slice(0, comma).trim()}, ${body.slice(comma + 1).trim()}}` });
  }
  return out;
}

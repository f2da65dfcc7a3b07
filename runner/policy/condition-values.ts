/**
 * Whether a condition value can be read the way its operator reads it.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import { isIP } from 'node:net';
import type { ConditionKeyType } from '../../catalog/types';
import { decodeBase64, isDate, isNumeric } from '../../lib/value-grammar';
import { diagnostic, type Diagnostic, type Span } from '../diagnostics';
import { MAX_CONDITION_VALUES, MAX_CONTEXT_VALUES } from '../load/limits';
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
      if (zone)
        return `remove the zone id \`${zone[0]}\`: IP address conditions take an address or CIDR block without one, such as \`fe80::1\``;
      return isIpOrCidr(value) ? undefined : 'expected an IPv4 or IPv6 address or CIDR block such as `203.0.113.0/24`';
    }
    case 'binary':
      return isBase64(value) ? undefined : 'expected base64-encoded bytes';
  }
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
 * Checks one request `context` value: as {@link checkConditionValue}, except that an IP address key
 * takes one address, never a CIDR block (not even `/32`). `aws:SourceIp` is "the requester's IP
 * address" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip):
 * a request comes from one address, and a block in the request would compare as a block, so that
 * `10.1.2.3/32` never matches `IpAddress 10.0.0.0/8` and `0.0.0.0/0` makes every `NotIpAddress` apply.
 */
export function checkRequestValue(family: OperatorFamily, value: string): string | undefined {
  if (family !== 'ip') return checkConditionValue(family, value);
  if (value.includes('/')) return "a request comes from one IP address, not a CIDR block: write the caller's address, e.g. `10.1.2.3`";
  const zone = /%.*/.exec(value);
  if (zone) return `remove the zone id \`${zone[0]}\`: write the address without one, such as \`fe80::1\``;
  return isIpOrCidr(value) ? undefined : 'expected one IPv4 or IPv6 address such as `10.1.2.3` or `2001:db8::1`';
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

/** The message for a condition key with more than {@link MAX_CONDITION_VALUES} values. */
export function tooManyConditionValues(count: number): string {
  return `${count.toLocaleString('en-US')} values, more than the limit of ${MAX_CONDITION_VALUES.toLocaleString('en-US')} for one condition key`;
}

/** Why the limit holds (runner/load/limits.ts) and what to do. */
export const tooManyConditionValuesHelp =
  'no policy AWS accepts holds that many (the largest, resource-based policies, are 20,480 characters): split the values over several statements or use a wildcard';

/**
 * The grammar of a condition key type's values: the operator family that reads them (the
 * Service Authorization Reference's types: String, Numeric, Date, Bool, ARN, IPAddress, Binary,
 * and ArrayOf… for multivalued keys), and whether the key takes a list.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 * (section "Condition keys", the Type column), and
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * (a single-valued key has one value in a request; ArrayOf… keys may have several).
 */
export function keyTypeGrammar(type: ConditionKeyType): { family: OperatorFamily; multivalued: boolean } {
  const multivalued = type.startsWith('ArrayOf');
  const base = multivalued ? type.slice('ArrayOf'.length) : type;
  const families: Record<string, OperatorFamily> = {
    String: 'string',
    ARN: 'arn',
    Bool: 'bool',
    Numeric: 'numeric',
    Date: 'date',
    IPAddress: 'ip',
    Binary: 'binary',
  };
  return { family: families[base] ?? 'string', multivalued };
}

/** One `context` entry as the scenario model gives it (runner/model/types.ts `ContextEntry`). */
export interface ContextValues {
  key: string;
  values?: readonly { value: string; span: Span }[];
  list?: Span;
}

/**
 * Checks the values of one request `context` key as a policy's values for that key are checked
 * (same grammar, same code `BAD_CONDITION_VALUE`): a `Bool` key takes `true` or `false`, so the
 * YAML 1.1 habit `aws:SecureTransport: no` is an error instead of a string that matches nothing;
 * a single-valued key takes one value, not a list. `types` are the catalog's types of the key (its
 * type, then any others it accepts, such as Numeric for the Date key `aws:EpochTime`; a value fits
 * when every one of them reads it), empty for a key the catalog does not know (only the size limit
 * applies then).
 */
export function checkContextValues(entry: ContextValues, types: readonly ConditionKeyType[]): Diagnostic[] {
  const values = entry.values ?? [];
  if (values.length > MAX_CONTEXT_VALUES) {
    const n = (x: number): string => x.toLocaleString('en-US');
    return [
      diagnostic(
        'TOO_MANY_VALUES',
        `context key \`${entry.key}\`: ${n(values.length)} values, more than the limit of ${n(MAX_CONTEXT_VALUES)}`,
        values[MAX_CONTEXT_VALUES]!.span,
        'a request carries far fewer values (a resource has at most 50 tags): keep the values a policy under test reads',
      ),
    ];
  }
  const type = types[0];
  if (type === undefined) return [];
  const grammars = types.map(keyTypeGrammar);
  if (entry.list && !grammars.some((g) => g.multivalued)) {
    return [
      diagnostic(
        'BAD_CONDITION_VALUE',
        `context key \`${entry.key}\` takes one value (its type is \`${type}\`), found a list`,
        entry.list,
        `write one value; only keys of an \`ArrayOf…\` type take a list`,
      ),
    ];
  }
  const out: Diagnostic[] = [];
  for (const v of values) {
    // A request carries one value, and every operator family the key's types allow reads it: AWS
    // sends `aws:EpochTime` as epoch seconds, which Date and Numeric operators both read, so an ISO
    // date there would leave a Numeric condition on it silently unmatched.
    const help = grammars.map((g) => checkRequestValue(g.family, v.value)).find((h) => h !== undefined);
    if (help !== undefined) {
      const typeNames = types.map((t) => `\`${t}\``).join(' and ');
      out.push(
        diagnostic(
          'BAD_CONDITION_VALUE',
          `context key \`${entry.key}\`: \`${v.value}\` is not a valid ${typeNames} value`,
          v.span,
          types.length > 1 ? `${help}; the key is ${typeNames}, so its value must read as each` : help,
        ),
      );
    }
  }
  return out;
}

/**
 * Representative values of one condition key: a finite list such that every value a request can
 * give the key behaves, under every condition on that key in both policies, like one of them.
 *
 * Families (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):
 * - text (String*, Arn*, Bool): values are patterns; the atoms of automata.ts, one witness each;
 * - Numeric and Date: ordered values; the constants, one point between each two, one below, one above;
 * - IpAddress/NotIpAddress: CIDR ranges; the first address of every range and of every gap;
 * - Null: only whether the key is present, which every list holds (`absent`).
 * A key used by two families (a Numeric and a String condition on one key) is left undecided.
 *
 * Multivalued keys (a set qualifier on the key, or an `ArrayOf…` type in the catalog) take every
 * subset of the single representatives (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html,
 * "Set operators for multivalued context keys": ForAllValues and ForAnyValue depend only on which
 * values the set holds).
 */
import type { ConditionKeyType } from '../../catalog/types';
import type { Condition } from '../policy/types';
import { accepts, atomsOf, compileAutomaton, type PatternAutomaton, type PatternSpec } from './automata';
import { parseNumber } from '../engine/conditions/numeric';
import { parseDate } from '../../lib/value-grammar';
import { parseIp } from '../engine/conditions/ip';

/** A request's value for a key: absent, one string, or a list. */
export type KeyValue = { kind: 'absent' } | { kind: 'value'; value: string | string[] };

/** Representatives of one key, or why there are none. */
export type KeyValues = { kind: 'values'; values: KeyValue[] } | { kind: 'unknown'; reason: string };

/** A value of each typed kind, for a key only Null conditions read. */
const presentValue: Readonly<Record<string, string>> = {
  Bool: 'true',
  Numeric: '0',
  Date: '2026-01-01T00:00:00Z',
  IPAddress: '192.0.2.1',
};

/** A value no number, date or address parses as. */
const unreadable = 'iamspec-diff';

type Family = 'text' | 'numeric' | 'date' | 'ip' | 'null';

function familyOf(op: Condition['operator']): Family | undefined {
  if (op.startsWith('String') || op.startsWith('Arn') || op === 'Bool') return 'text';
  if (op.startsWith('Numeric')) return 'numeric';
  if (op.startsWith('Date')) return 'date';
  if (op === 'IpAddress' || op === 'NotIpAddress') return 'ip';
  if (op === 'Null') return 'null';
  return undefined;
}

/** How a text condition's values read as patterns. */
function textSpec(op: Condition['operator'], text: string): PatternSpec | undefined {
  if (op === 'StringLike' || op === 'StringNotLike') return { text };
  if (op === 'StringEquals' || op === 'StringNotEquals') return { text, exact: true };
  if (op === 'StringEqualsIgnoreCase' || op === 'StringNotEqualsIgnoreCase') return { text, exact: true, ignoreCase: true };
  // runner/engine/conditions/arn.ts: ArnEquals and ArnLike behave the same, component-wise.
  if (op.startsWith('Arn')) return { text, arn: true };
  // Bool reads only `true`/`false`, case-insensitively (runner/engine/conditions/bool.ts).
  if (op === 'Bool') return /^(true|false)$/i.test(text) ? { text, exact: true, ignoreCase: true } : undefined;
  return undefined;
}

/** Options of {@link keyValues}. */
export interface KeyValuesOptions {
  /** The key holds a set of values. */
  multivalued: boolean;
  /** Steps the text atom search may take. */
  budget: number;
  /** Most single representatives a multivalued key may have (subsets grow as 2^n). Default: 10. */
  maxSetBase?: number;
  /**
   * The key's type in the catalog, if it has one. A request's value of a typed key is of its type
   * (the scenario loader refuses `yes` for a Bool key), so a Bool key takes `true` and `false`
   * only, and a Numeric, Date or IP address key no unreadable text.
   */
  type?: ConditionKeyType | undefined;
}

/** The representatives of a key from every condition on it. */
export function keyValues(conditions: readonly Condition[], options: KeyValuesOptions): KeyValues {
  const families = new Set<Family>();
  for (const c of conditions) {
    const f = familyOf(c.operator);
    if (f === undefined) return { kind: 'unknown', reason: `operator \`${c.raw.value}\` is outside the supported fragment` };
    if (f !== 'null') families.add(f);
  }
  if (families.size > 1)
    return { kind: 'unknown', reason: `key \`${conditions[0].key.value}\` is compared by ${[...families].join(' and ')} operators` };
  const family = [...families][0] ?? 'null';
  const base = options.type?.replace(/^ArrayOf/, '');
  let singles: string[];
  switch (family) {
    case 'text': {
      if (base === 'Bool') {
        singles = ['true', 'false'];
        break;
      }
      const r = textValues(conditions, options.budget);
      if (r.kind === 'unknown') return r;
      singles = r.values;
      break;
    }
    case 'numeric':
      singles = orderedValues(
        conditions.flatMap((c) => c.values.map((v) => parseNumber(v.value))),
        (n) => String(n),
        1,
      );
      break;
    case 'date':
      singles = orderedValues(
        conditions.flatMap((c) => c.values.map((v) => parseDate(v.value))),
        isoDate,
        1,
      );
      break;
    case 'ip':
      singles = ipValues(conditions.flatMap((c) => c.values.map((v) => v.value)));
      break;
    case 'null':
      // Null reads only presence: any value of the key's type stands for every present value.
      singles = [presentValue[base ?? ''] ?? 'iamspec-diff'];
      break;
  }
  // Text no number, date or address reads as: only a key without a type in the catalog can hold it.
  if (base === 'Numeric' || base === 'Date' || base === 'IPAddress') singles = singles.filter((v) => v !== unreadable);
  // INVARIANT: a key can always be present; without a present value the search would skip requests.
  if (singles.length === 0) throw new Error(`no value stands for a present \`${conditions[0].key.value}\``);
  const absent: KeyValue = { kind: 'absent' };
  if (!options.multivalued) return { kind: 'values', values: [...singles.map((value): KeyValue => ({ kind: 'value', value })), absent] };
  if (singles.length > (options.maxSetBase ?? 10))
    return { kind: 'unknown', reason: `multivalued key \`${conditions[0].key.value}\` has ${singles.length} value regions` };
  const sets: KeyValue[] = [];
  for (let mask = 1; mask < 1 << singles.length; mask++) sets.push({ kind: 'value', value: singles.filter((_, i) => (mask >> i) & 1) });
  sets.sort((a, b) => (a.kind === 'value' ? a.value.length : 0) - (b.kind === 'value' ? b.value.length : 0));
  return { kind: 'values', values: [...sets, { kind: 'value', value: [] }, absent] };
}

/** One value per atom of the text conditions' patterns; a readable one where it lies in the same atom. */
function textValues(
  conditions: readonly Condition[],
  budget: number,
): { kind: 'strings'; values: string[] } | { kind: 'unknown'; reason: string } {
  const automata: PatternAutomaton[] = [];
  for (const c of conditions)
    for (const v of c.values) {
      const spec = textSpec(c.operator, v.value);
      if (spec) automata.push(compileAutomaton(spec));
    }
  const r = atomsOf(automata, budget);
  if (r.kind === 'budget') return { kind: 'unknown', reason: `the values of \`${conditions[0].key.value}\` exceed the search budget` };
  const readable = ['iamspec-diff', 'arn:aws:iam::111122223333:user/iamspec-diff', 'true', 'false'];
  return {
    kind: 'strings',
    values: r.atoms.map((atom) => readable.find((t) => automata.every((a, i) => accepts(a, t) === atom.matches[i])) ?? atom.witness),
  };
}

/** Constants, a point between each two neighbours, one below and one above; unreadable text last. */
function orderedValues(points: readonly number[], show: (n: number) => string | undefined, unit: number): string[] {
  const sorted = [...new Set(points.filter((p) => Number.isFinite(p)))].sort((a, b) => a - b);
  const out: number[] = [];
  if (sorted.length === 0) out.push(0);
  sorted.forEach((p, i) => {
    if (i === 0) out.push(p - unit);
    out.push(p);
    const next = sorted[i + 1];
    out.push(next === undefined ? p + unit : p + (next - p) / 2);
  });
  const shown = out.map(show).filter((s): s is string => s !== undefined);
  return [...new Set(shown), unreadable];
}

function isoDate(ms: number): string | undefined {
  const d = new Date(Math.floor(ms));
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The first address of every range and every gap the CIDR blocks cut the IPv4 and IPv6 spaces into. */
function ipValues(cidrs: readonly string[]): string[] {
  const cuts = { 4: new Set<bigint>([0n]), 16: new Set<bigint>([0n]) };
  for (const text of cidrs) {
    const t = text.trim();
    const slash = t.indexOf('/');
    const net = parseIp(slash === -1 ? t : t.slice(0, slash));
    if (!net) continue;
    const width = net.length * 8;
    const bits = slash === -1 ? width : Number(t.slice(slash + 1));
    if (!Number.isInteger(bits) || bits < 0 || bits > width) continue;
    let n = 0n;
    for (const b of net) n = (n << 8n) | BigInt(b);
    const size = 1n << BigInt(width - bits);
    const first = n - (n % size);
    const set = cuts[net.length as 4 | 16];
    set.add(first);
    if (first + size < 1n << BigInt(width)) set.add(first + size);
  }
  const out: string[] = [];
  for (const n of [...cuts[4]].sort((a, b) => (a < b ? -1 : 1))) out.push(ipv4(n));
  for (const n of [...cuts[16]].sort((a, b) => (a < b ? -1 : 1))) out.push(ipv6(n));
  out.push(unreadable);
  return out;
}

function ipv4(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
}

function ipv6(n: bigint): string {
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((n >> s) & 0xffffn).toString(16));
  return groups.join(':');
}

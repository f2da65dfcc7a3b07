/**
 * Condition evaluation: the operator table, negation, IfExists, set qualifiers and missing keys,
 * all in one place. Families (string.ts, numeric.ts, ...) only compare one value with another.
 *
 * Rules, from https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * (intro "Important" note, sections "...IfExists condition operators" and "Condition operator to
 * check existence of condition keys") and
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * (section "Set operators for multivalued context keys"):
 * - values of one key are ORed; keys and operators are ANDed (statement.ts)
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html);
 * - a key missing from the request: the condition is false, except for negated operators
 *   (`StringNotEquals`, `ArnNotLike`, `NotIpAddress`...), where it is true;
 * - `…IfExists`: a missing key makes the condition true; a present key is checked normally;
 * - `ForAllValues:` is true when every request value matches, and also when the key is missing or
 *   its set is empty; `ForAnyValue:` needs at least one matching value, so it is false when the key
 *   is missing or empty;
 * - a negated operator is the negation of its positive form on each value set: `StringNotEquals`
 *   is true when no request value equals any policy value.
 */
import type { Condition } from '../../policy/types';
import type { PatternText } from '../pattern';
import { parseTemplate, resolveTemplate, type ContextLookup, type Template } from '../variables';
import { arnFamily } from './arn';
import { binaryFamily } from './binary';
import { boolFamily } from './bool';
import { dateFamily } from './date';
import { ipFamily } from './ip';
import { nullFamily } from './null';
import { numericFamily } from './numeric';
import { stringFamily } from './string';
import type { OperatorFamily, ValuePredicate } from './types';

/** How each base operator is evaluated: its family, positive form and whether it negates it. */
export const operatorTable: Record<Condition['operator'], { family: OperatorFamily; positive: string; negated: boolean }> = {
  StringEquals: { family: stringFamily, positive: 'StringEquals', negated: false },
  StringNotEquals: { family: stringFamily, positive: 'StringEquals', negated: true },
  StringEqualsIgnoreCase: { family: stringFamily, positive: 'StringEqualsIgnoreCase', negated: false },
  StringNotEqualsIgnoreCase: { family: stringFamily, positive: 'StringEqualsIgnoreCase', negated: true },
  StringLike: { family: stringFamily, positive: 'StringLike', negated: false },
  StringNotLike: { family: stringFamily, positive: 'StringLike', negated: true },
  NumericEquals: { family: numericFamily, positive: 'NumericEquals', negated: false },
  NumericNotEquals: { family: numericFamily, positive: 'NumericEquals', negated: true },
  NumericLessThan: { family: numericFamily, positive: 'NumericLessThan', negated: false },
  NumericLessThanEquals: { family: numericFamily, positive: 'NumericLessThanEquals', negated: false },
  NumericGreaterThan: { family: numericFamily, positive: 'NumericGreaterThan', negated: false },
  NumericGreaterThanEquals: { family: numericFamily, positive: 'NumericGreaterThanEquals', negated: false },
  DateEquals: { family: dateFamily, positive: 'DateEquals', negated: false },
  DateNotEquals: { family: dateFamily, positive: 'DateEquals', negated: true },
  DateLessThan: { family: dateFamily, positive: 'DateLessThan', negated: false },
  DateLessThanEquals: { family: dateFamily, positive: 'DateLessThanEquals', negated: false },
  DateGreaterThan: { family: dateFamily, positive: 'DateGreaterThan', negated: false },
  DateGreaterThanEquals: { family: dateFamily, positive: 'DateGreaterThanEquals', negated: false },
  Bool: { family: boolFamily, positive: 'Bool', negated: false },
  BinaryEquals: { family: binaryFamily, positive: 'BinaryEquals', negated: false },
  IpAddress: { family: ipFamily, positive: 'IpAddress', negated: false },
  NotIpAddress: { family: ipFamily, positive: 'IpAddress', negated: true },
  ArnEquals: { family: arnFamily, positive: 'ArnEquals', negated: false },
  ArnLike: { family: arnFamily, positive: 'ArnLike', negated: false },
  ArnNotEquals: { family: arnFamily, positive: 'ArnEquals', negated: true },
  ArnNotLike: { family: arnFamily, positive: 'ArnLike', negated: true },
  Null: { family: nullFamily, positive: 'Null', negated: false },
};

/** A condition compiled once per policy. */
export interface CompiledCondition {
  source: Condition;
  /** The key, lowercase. */
  key: string;
  family: OperatorFamily;
  positive: string;
  negated: boolean;
  templates: Template[];
  /** Predicates for values without variables, compiled once (undefined entries match nothing). */
  fixed?: (ValuePredicate | undefined)[];
  /**
   * With `fixed`: one predicate true when any value matches, the family's `compileSet` (hash sets,
   * extreme values) when it has one. The fast path uses it; the explaining path ORs `fixed`, so the
   * equivalence tests compare the two.
   */
  anyOf?: ValuePredicate;
}

/** Compiles one condition; `substitute` is true under Version 2012-10-17. */
export function compileCondition(c: Condition, substitute: boolean): CompiledCondition {
  const entry = operatorTable[c.operator];
  // INVARIANT: runner/policy/ only builds conditions with known operators; an unknown one must
  // never evaluate (a typo'd operator in a Deny would otherwise turn into an allow).
  if (!entry) throw new Error(`internal error: unknown condition operator \`${c.raw.value}\` reached the engine`);
  const templates = c.values.map((v) => parseTemplate(v.value, substitute && entry.family.variables));
  const cc: CompiledCondition = { source: c, key: c.key.value.toLowerCase(), ...entry, templates };
  if (!templates.some((t) => t.dynamic)) {
    const fixed = templates.map((t) => entry.family.compile(entry.positive, { text: t.raw }));
    cc.fixed = fixed;
    const texts: PatternText[] = [];
    const compiled: ValuePredicate[] = [];
    fixed.forEach((p, i) => {
      if (p === undefined) return;
      texts.push({ text: templates[i].raw });
      compiled.push(p);
    });
    cc.anyOf = entry.family.compileSet?.(entry.positive, texts, compiled) ?? ((v) => anyMatch(fixed, v));
  }
  return cc;
}

/** What the explaining path records about one condition. */
export interface ConditionRecord {
  values: string[];
  contextValues?: string[];
  variables: Map<string, string | undefined>;
}

/** Evaluates one condition against the request. */
export function evaluateCondition(cc: CompiledCondition, lookup: ContextLookup, record?: ConditionRecord): boolean {
  const raw = lookup.get(cc.key);
  if (record && raw !== undefined) record.contextValues = typeof raw === 'string' ? [raw] : [...raw];
  let match = record ? undefined : cc.anyOf;
  if (match === undefined) {
    const preds = predicates(cc, lookup, record);
    match = (v) => anyMatch(preds, v);
  }
  if (cc.family === nullFamily) {
    const presence = raw !== undefined && raw.length > 0 ? 'false' : 'true';
    return match(presence);
  }
  const c = cc.source;
  if (raw === undefined) {
    if (c.ifExists) return true;
    if (c.qualifier === 'ForAllValues') return true;
    if (c.qualifier === 'ForAnyValue') return false;
    return cc.negated;
  }
  if (typeof raw === 'string') {
    // One value: every form reduces to "does it match", negated or not.
    return match(raw) !== cc.negated;
  }
  // Each request value is looked up once: O(m) lookups into the policy values' set (value-set.ts)
  // on the fast path, instead of m × n comparisons.
  const values = raw as readonly string[];
  if (c.qualifier === 'ForAllValues') return values.every((v) => match(v) !== cc.negated);
  if (c.qualifier === 'ForAnyValue') return values.some((v) => match(v) !== cc.negated);
  // A list of values under an operator without ForAllValues/ForAnyValue: AWS says multivalued keys
  // "require a condition set operator" and does not document what happens without one
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html,
  // section "Key points"). The engine reads it like ForAnyValue (true when any value matches; a
  // negated operator is true when none does), which never allows more than ForAnyValue would.
  return values.some((v) => match(v)) !== cc.negated;
}

/** True when any compiled policy value matches `v` (values are ORed). */
function anyMatch(preds: readonly (ValuePredicate | undefined)[], v: string): boolean {
  for (let i = 0; i < preds.length; i++) {
    const p = preds[i];
    if (p !== undefined && p(v)) return true;
  }
  return false;
}

function predicates(cc: CompiledCondition, lookup: ContextLookup, record?: ConditionRecord): (ValuePredicate | undefined)[] {
  return cc.templates.map((t, i) => {
    const resolved: PatternText | undefined = resolveTemplate(t, lookup, record?.variables);
    record?.values.push(resolved ? resolved.text : t.raw);
    if (!resolved) return undefined; // a variable without value: this value matches nothing
    return cc.fixed ? cc.fixed[i] : cc.family.compile(cc.positive, resolved);
  });
}

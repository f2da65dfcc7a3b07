/**
 * The explanation of one case as compact JSON, written field by field in a fixed order
 * (reports/json.ts, report version 2). No generic key sorting and no copy of the explanation:
 * each type of the engine's Explanation (runner/engine/types.ts) has one writer here that names
 * its keys in the documented order and leaves out the optional ones that are absent, as
 * `JSON.stringify` leaves out `undefined`. The only maps, `context` and a statement's
 * `variables`, are written with their keys sorted, so the output is deterministic.
 *
 * Located spans are cached per span object: explanations share the spans of the policy model
 * (every case that a statement decides points at the same span), so each is located and written
 * once per report.
 */
import type {
  ConditionTrace,
  ContextValue,
  DependentExplanation,
  ElementMatch,
  Explanation,
  LayerTrace,
  PolicyTrace,
  Span,
  StatementTrace,
} from './events';
import type { Locate } from './locate';

/** Characters a JSON string literal must escape: `"`, `\\`, controls; and surrogates, lone ones escaped. */
const needsEscape = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * A JSON string literal, as `JSON.stringify(s)` writes it. Most strings of a report (names, ARNs,
 * context values) need no escape, and a regular expression test is cheaper than the call.
 */
export function str(s: string): string {
  return needsEscape.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/** A JSON number: `null` for NaN and the infinities, as `JSON.stringify` writes them. */
export function num(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}

/** A JSON array of strings. */
export function strings(list: readonly string[]): string {
  let out = '[';
  for (let i = 0; i < list.length; i++) out += (i === 0 ? '' : ',') + str(list[i]);
  return out + ']';
}

/** `,"key":value` when `value` is defined, else nothing. */
export function opt<T>(key: string, value: T | undefined, write: (v: T) => string): string {
  return value === undefined ? '' : `,"${key}":${write(value)}`;
}

/** A map with string or string-list values, keys sorted (code unit order, as `Array.sort`). */
function sortedMap(map: Readonly<Record<string, ContextValue | null>>): string {
  const keys = Object.keys(map).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const v = map[keys[i]];
    out += `${i === 0 ? '' : ','}${str(keys[i])}:${v === null ? 'null' : typeof v === 'string' ? str(v) : strings(v)}`;
  }
  return out + '}';
}

/** Which explanations carry the statement-by-statement trace (`explanation.policies`). */
export type JsonTrace = 'failures' | 'all';

/** Writes explanations; one per report, so that located spans are shared across its cases. */
export class ExplanationWriter {
  private readonly spans = new WeakMap<Span, string>();

  constructor(private readonly locate: Locate | undefined) {}

  /** The explanation as one line of JSON; `withPolicies` adds the statement trace. */
  explanation(e: Explanation, withPolicies: boolean): string {
    return (
      `{"decision":${str(e.decision)},"rule":${str(e.rule)},"decidedBy":${str(e.decidedBy)}` +
      opt('level', e.level, num) +
      `,"grantedBy":${strings(e.grantedBy)}` +
      opt('explicitDeny', e.explicitDeny, (d) => `{"layer":${str(d.layer)}${opt('level', d.level, num)},"policy":${str(d.policy)}}`) +
      opt('requiredResourcePolicy', e.requiredResourcePolicy, str) +
      opt('serviceDenial', e.serviceDenial, (d) => `{"service":${str(d.service)},"id":${str(d.id)}}`) +
      opt('sessionPolicyCount', e.sessionPolicyCount, num) +
      `,"deciding":${this.deciding(e)},"layers":${layerList(e.layers)}` +
      opt('request', e.request, (r) => {
        const accounts = opt('principalAccount', r.principalAccount, str) + opt('resourceAccount', r.resourceAccount, str);
        return `{"action":${str(r.action)},"principalKind":${str(r.principalKind)}${accounts},"sameAccount":${r.sameAccount},"hasResourcePolicy":${r.hasResourcePolicy}}`;
      }) +
      opt('context', e.context, sortedMap) +
      `,"missingContextKeys":${strings(e.missingContextKeys)}` +
      opt('dependents', e.dependents, (ds) => this.dependents(ds, withPolicies)) +
      (withPolicies ? `,"policies":${this.policies(e.policies)}` : '') +
      '}'
    );
  }

  /** `{ file, start, end, line?, column? }`, located once per span object. */
  span(s: Span): string {
    let out = this.spans.get(s);
    if (out === undefined) {
      const at = this.locate?.(s);
      out = `{"file":${str(s.file)},"start":${num(s.start)},"end":${num(s.end)}${at ? `,"line":${num(at.line)},"column":${num(at.column)}` : ''}}`;
      this.spans.set(s, out);
    }
    return out;
  }

  private deciding(e: Explanation): string {
    let out = '[';
    for (let i = 0; i < e.deciding.length; i++) {
      const d = e.deciding[i];
      out += `${i === 0 ? '' : ','}{"policy":${str(d.policy)},"layer":${str(d.layer)}${opt('level', d.level, num)},"index":${num(d.index)}`;
      out += `${opt('sid', d.sid, str)},"span":${this.span(d.span)}}`;
    }
    return out + ']';
  }

  private dependents(ds: readonly DependentExplanation[], withPolicies: boolean): string {
    let out = '[';
    for (let i = 0; i < ds.length; i++) {
      const d = ds[i];
      out += `${i === 0 ? '' : ','}{"service":${str(d.service)},"id":${str(d.id)},"action":${str(d.action)},"resource":${str(d.resource)}`;
      out += `,"explanation":${this.explanation(d.explanation, withPolicies)}}`;
    }
    return out + ']';
  }

  private policies(ps: readonly PolicyTrace[]): string {
    let out = '[';
    for (let i = 0; i < ps.length; i++) {
      const p = ps[i];
      out += `${i === 0 ? '' : ','}{"name":${str(p.name)},"layer":${str(p.layer)}${opt('level', p.level, num)},"span":${this.span(p.span)}`;
      out += `,"statements":[${p.statements.map((s) => this.statement(s)).join(',')}]}`;
    }
    return out + ']';
  }

  private statement(s: StatementTrace): string {
    return (
      `{"index":${num(s.index)}${opt('sid', s.sid, str)},"effect":${str(s.effect)},"matched":${s.matched}` +
      `,"elements":[${s.elements.map((el) => this.element(el)).join(',')}]` +
      `,"conditions":[${s.conditions.map((c) => this.condition(c)).join(',')}]` +
      `${opt('variables', s.variables, sortedMap)},"span":${this.span(s.span)}}`
    );
  }

  private element(el: ElementMatch): string {
    const span = el.span ? this.span(el.span) : undefined;
    return `{"element":${str(el.element)},"matched":${el.matched}${opt('entry', el.entry, str)}${opt('span', span, String)}}`;
  }

  private condition(c: ConditionTrace): string {
    return (
      `{"operator":${str(c.operator)},"key":${str(c.key)},"values":${strings(c.values)}` +
      `${opt('contextValues', c.contextValues, strings)},"matched":${c.matched},"span":${this.span(c.span)}}`
    );
  }
}

function layerList(ls: readonly LayerTrace[]): string {
  let out = '[';
  for (let i = 0; i < ls.length; i++) {
    const l = ls[i];
    out += `${i === 0 ? '' : ','}{"layer":${str(l.layer)}${opt('level', l.level, num)},"result":${str(l.result)}}`;
  }
  return out + ']';
}

/**
 * Policy variables: `${aws:username}`, `${aws:PrincipalTag/team}`, any context key, the special
 * `${*}`, `${?}`, `${$}`, and the default-value form `${aws:username, 'nobody'}`.
 *
 * Rules (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html):
 * - section "Using variables in policies": variables are substituted only when the policy's
 *   Version is `2012-10-17`; under `2008-10-17` or without Version, `${...}` is literal text.
 * - section "Special characters": `${*}`, `${?}` and `${$}` stand for a literal `*`, `?` and `$`.
 * - section "Specifying default values": `${key, 'default'}`; the key name is case-insensitive, the
 *   default is literal and `''` inside it is one quote.
 * - section "Policy variables with no value": a variable whose key is absent from the request (or
 *   is multivalued) has no value: a Resource or condition value holding it matches nothing.
 *
 * Example: `arn:aws:s3:::home/${aws:username}/*` for user `bob` → `arn:aws:s3:::home/bob/*`, with
 * `bob` literal (a `*` inside a substituted value never acts as a wildcard).
 */
import type { PatternText } from './pattern';

/** One part of a policy string. */
export type TemplatePart =
  | { kind: 'text'; text: string }
  /** A literal character from `${*}`, `${?}` or `${$}`. */
  | { kind: 'literal'; text: string }
  | { kind: 'var'; key: string; name: string; default?: string };

/** A policy string split into parts; `vars` lists the variable key names (lowercase). */
export interface Template {
  raw: string;
  parts: TemplatePart[];
  /** True when the string holds at least one variable or special character. */
  dynamic: boolean;
}

/** Where context values come from: `get` takes a lowercase key (RequestContext implements it). */
export interface ContextLookup {
  get(lowerKey: string): string | readonly string[] | undefined;
}

const variable = /\$\{([^}]*)\}/g;

/** Splits `raw` into parts; without `substitute` (no 2012-10-17 Version) the whole string is text. */
export function parseTemplate(raw: string, substitute: boolean): Template {
  if (!substitute || !raw.includes('${')) return { raw, parts: [{ kind: 'text', text: raw }], dynamic: false };
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const m of raw.matchAll(variable)) {
    const part = parseVariable(m[1]);
    if (!part) continue; // not a variable: stays text
    if (m.index > last) parts.push({ kind: 'text', text: raw.slice(last, m.index) });
    parts.push(part);
    last = m.index + m[0].length;
  }
  if (last < raw.length) parts.push({ kind: 'text', text: raw.slice(last) });
  return { raw, parts, dynamic: parts.some((p) => p.kind !== 'text') };
}

function parseVariable(body: string): TemplatePart | undefined {
  const inner = body.trim();
  if (inner === '*' || inner === '?' || inner === '$') return { kind: 'literal', text: inner };
  const comma = inner.indexOf(',');
  if (comma === -1) return inner.length > 0 && !/\s/.test(inner) ? { kind: 'var', key: inner.toLowerCase(), name: inner } : undefined;
  const name = inner.slice(0, comma).trim();
  const rest = inner.slice(comma + 1).trim();
  if (name.length === 0 || rest.length < 2 || rest[0] !== "'" || rest[rest.length - 1] !== "'") return undefined;
  return { kind: 'var', key: name.toLowerCase(), name, default: rest.slice(1, -1).replace(/''/g, "'") };
}

/** The resolved string, or undefined when a variable has no value and no default. */
export function resolveTemplate(t: Template, lookup: ContextLookup, used?: Map<string, string | undefined>): PatternText | undefined {
  if (!t.dynamic) return { text: t.raw };
  let text = '';
  const literal: boolean[] = [];
  let ok = true;
  for (const part of t.parts) {
    let piece: string;
    let lit: boolean;
    if (part.kind === 'text') {
      piece = part.text;
      lit = false;
    } else if (part.kind === 'literal') {
      piece = part.text;
      lit = true;
    } else {
      const v = lookup.get(part.key);
      const value = typeof v === 'string' ? v : part.default;
      used?.set(part.name, value);
      if (value === undefined) {
        ok = false;
        continue;
      }
      piece = value;
      lit = true;
    }
    text += piece;
    for (let i = 0; i < piece.length; i++) literal.push(lit);
  }
  return ok ? { text, literal } : undefined;
}

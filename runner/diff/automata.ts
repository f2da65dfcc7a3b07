/**
 * Wildcard patterns as automata, and the regions ("atoms") a set of patterns cuts the strings into.
 *
 * A set of patterns splits every string by which patterns match it: strings with the same answer
 * for every pattern are interchangeable for any policy built from those patterns. The product of
 * the patterns' automata, explored breadth first, reaches every such answer vector that some
 * string has, with the shortest string that has it (its witness). Exact, but exponential in the
 * worst case: a step budget bounds it.
 *
 * Example: the patterns `a*` and `*b` give four atoms: `""` (neither), `a` (first only), `b`
 * (second only), `ab` (both).
 *
 * Semantics follow the engine's matchers:
 * - `*` any run of characters, `?` one character; everything else literal; optional case folding
 *   (`StringLike`, Resource: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html,
 *   "Resource ARNs are case-sensitive"; `StringEqualsIgnoreCase`);
 * - ARN patterns (ArnLike, ArnEquals): "Each of the six colon-delimited components of the ARN is
 *   checked separately" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html,
 *   section "Amazon Resource Name (ARN) condition operators"), so in the first five components a
 *   wildcard does not match `:`; a pattern with fewer than six components matches nothing
 *   (runner/engine/conditions/arn.ts).
 */

/** One token of a pattern. */
type Token = { kind: 'star'; colon: boolean } | { kind: 'one'; colon: boolean } | { kind: 'char'; c: string };

/** How a pattern reads its text. */
export interface PatternSpec {
  text: string;
  /** `*`/`?` are literal characters (StringEquals, ArnEquals keep wildcards for ArnEquals). Default: false. */
  exact?: boolean;
  /** Compare case-insensitively. Default: false. */
  ignoreCase?: boolean;
  /** Component-wise ARN matching. Default: false. */
  arn?: boolean;
}

/** A compiled pattern automaton over positions (an NFA run as sets of positions). */
export interface PatternAutomaton {
  tokens: Token[];
  ignoreCase: boolean;
  /** Matches nothing (an ARN pattern with fewer than six components). */
  empty: boolean;
}

/** Compiles a pattern into its automaton. */
export function compileAutomaton(spec: PatternSpec): PatternAutomaton {
  const ignoreCase = spec.ignoreCase === true;
  const text = ignoreCase ? spec.text.toLowerCase() : spec.text;
  const tokens: Token[] = [];
  let colons = 0;
  for (const c of text) {
    // Within the first five ARN components a wildcard stays inside its component.
    const colon = !spec.arn || colons >= 5;
    if (c === ':') colons++;
    if (!spec.exact && c === '*') tokens.push({ kind: 'star', colon });
    else if (!spec.exact && c === '?') tokens.push({ kind: 'one', colon });
    else tokens.push({ kind: 'char', c });
  }
  return { tokens, ignoreCase, empty: spec.arn === true && colons < 5 };
}

/** The characters a string needs to reach every atom: the patterns' own, both cases, and one other. */
export function alphabetOf(automata: readonly PatternAutomaton[]): string[] {
  const chars = new Set<string>();
  for (const a of automata)
    for (const t of a.tokens)
      if (t.kind === 'char') {
        chars.add(t.c);
        chars.add(t.c.toUpperCase());
        chars.add(t.c.toLowerCase());
      }
  // A character no pattern names behaves like every other such character: one stands for all.
  for (const filler of ['x', 'q', 'z', '0', '_', '~', '\u00e9']) {
    if (!chars.has(filler) && !chars.has(filler.toUpperCase())) {
      chars.add(filler);
      break;
    }
  }
  return [...chars].sort();
}

function closure(a: PatternAutomaton, positions: Set<number>): Set<number> {
  for (const p of [...positions]) {
    let i = p;
    while (i < a.tokens.length && a.tokens[i].kind === 'star') positions.add(++i);
  }
  return positions;
}

function start(a: PatternAutomaton): Set<number> {
  return a.empty ? new Set() : closure(a, new Set([0]));
}

function step(a: PatternAutomaton, from: Set<number>, ch: string): Set<number> {
  const c = a.ignoreCase ? ch.toLowerCase() : ch;
  const out = new Set<number>();
  for (const p of from) {
    const t = a.tokens[p];
    if (t === undefined) continue;
    if (t.kind === 'star') {
      if (t.colon || c !== ':') out.add(p);
    } else if (t.kind === 'one') {
      if (t.colon || c !== ':') out.add(p + 1);
    } else if (t.c === c) out.add(p + 1);
  }
  return closure(a, out);
}

function key(sets: readonly Set<number>[]): string {
  return sets.map((s) => [...s].sort((x, y) => x - y).join(',')).join('|');
}

/** One atom: which patterns match, and the shortest string that is in it. */
export interface Atom {
  /** `matches[i]`: pattern i matches the witness (and every string of the atom). */
  matches: boolean[];
  witness: string;
}

/** The outcome of an atom search: every atom, or `budget` when the search ran out of steps. */
export type AtomResult = { kind: 'atoms'; atoms: Atom[]; steps: number } | { kind: 'budget'; steps: number };

/**
 * Every non-empty atom of the patterns, each with its shortest witness (breadth first over the
 * product automaton; `budget` bounds the product states visited).
 */
export function atomsOf(automata: readonly PatternAutomaton[], budget: number): AtomResult {
  const alphabet = alphabetOf(automata);
  const first = automata.map(start);
  const seen = new Set([key(first)]);
  const queue: { sets: Set<number>[]; text: string }[] = [{ sets: first, text: '' }];
  const atoms = new Map<string, Atom>();
  let steps = 0;
  for (let head = 0; head < queue.length; head++) {
    const { sets, text } = queue[head];
    const matches = automata.map((a, i) => sets[i].has(a.tokens.length));
    const sig = matches.map((m) => (m ? '1' : '0')).join('');
    if (!atoms.has(sig)) atoms.set(sig, { matches, witness: text });
    for (const ch of alphabet) {
      if (++steps > budget) return { kind: 'budget', steps };
      const next = automata.map((a, i) => step(a, sets[i], ch));
      const k = key(next);
      if (seen.has(k)) continue;
      seen.add(k);
      queue.push({ sets: next, text: text + ch });
    }
  }
  return { kind: 'atoms', atoms: [...atoms.values()], steps };
}

/** Whether the automaton accepts `text` (used to place a nicer representative in its atom). */
export function accepts(a: PatternAutomaton, text: string): boolean {
  let s = start(a);
  for (const ch of text) {
    s = step(a, s, ch);
    if (s.size === 0) return false;
  }
  return s.has(a.tokens.length);
}

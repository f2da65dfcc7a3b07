/**
 * The access matrix of `iamspec matrix`: the run's events folded into what the suites state, per
 * suite, resource, principal and action, with the engine's decision and the layer that decided
 * each case. The renderers (matrix-md.ts, matrix-html.ts, matrix-csv.ts) are pure functions of it.
 *
 * Deterministic: suites keep the run's (sorted) file order; within a suite, cases are sorted by
 * resource, principal and action (then by their order in the file), deciding-layer notes are
 * numbered in that order, and nothing depends on the clock.
 */
import type { CaseInfo, Decision, Expected, Explanation, Layer, RunEvent } from './events';
import { layerSpecs } from './events';

/** One stated case as the matrix shows it: the case as the run names it, where it is, and its outcome. */
export interface MatrixCase extends Omit<CaseInfo, 'location'> {
  /** `fail`: the engine's decision does not satisfy the expectation. */
  outcome: 'pass' | 'fail' | 'skip';
  /** The engine's decision; absent for a skipped case. */
  decision?: Decision;
  /** The number of the suite's deciding-layer note (from 1); absent for a skipped case. */
  note?: number;
  /** The evaluation rule that decided (docs/decisions.md); absent for a skipped case. */
  rule?: string;
  /** The case's expectation in its file. */
  line: number;
}

/** One principal's allowed and stated (action, resource) pairs at one access level. */
export interface LevelCount {
  allowed: number;
  stated: number;
}

/** One principal's summary by access level. */
export interface PrincipalSummary {
  principal: string;
  /** By access level, in the order of {@link Matrix.levels}. */
  levels: LevelCount[];
  /** Pairs whose action the catalog gives no access level. */
  other: LevelCount;
}

/** One suite (one scenario file). */
export interface MatrixSuite {
  name: string;
  /** The file, with `/` separators and no leading `./`. */
  file: string;
  /** Sorted by resource, principal, action, then file order. */
  cases: MatrixCase[];
  /** The deciding-layer notes; note n is `notes[n - 1]`. */
  notes: string[];
  /** Sorted by principal. */
  summary: PrincipalSummary[];
}

/** The matrix of a run. */
export interface Matrix {
  /** The access levels of the summaries, in the catalog's order. */
  levels: readonly string[];
  suites: MatrixSuite[];
}

/** What {@link buildMatrix} needs besides the events. */
export interface MatrixOptions {
  /** The access levels to summarize by, in order (the catalog's `accessLevels`). */
  levels: readonly string[];
  /** The primary access level of an action (`secretsmanager:GetSecretValue` → `Read`), when the catalog knows it. */
  accessLevelOf: (action: string) => string | undefined;
}

/** Words for a decision, as every matrix format prints them. */
export const decisionWords: Record<Decision, string> = {
  allow: 'allow',
  implicitDeny: 'implicit deny',
  explicitDeny: 'explicit deny',
};

/** Words for an expectation (`deny` accepts either kind of deny). */
export function expectedWords(expected: Expected): string {
  return expected === 'deny' ? 'deny' : decisionWords[expected];
}

/**
 * A case's decision in words: `allow (1)` with its note number when `withNote`, `implicit deny ✗
 * expected allow` when its expectation failed, `skipped`.
 */
export function caseLabel(c: MatrixCase, withNote: boolean): string {
  if (c.decision === undefined) return 'skipped';
  const label = `${decisionWords[c.decision]}${withNote && c.note !== undefined ? ` (${c.note})` : ''}`;
  return c.outcome === 'fail' ? `${label} ✗ expected ${expectedWords(c.expected)}` : label;
}

/**
 * The deciding layer of an explanation in a few words, the same for every case it decided:
 * ``allowed by the identity-based policies (rule `allow`)``, ``explicit Deny in `deny-prod` (SCP level 1) (rule `explicitDeny`)``.
 */
export function decidingLayer(e: Explanation): string {
  const one = (layer: Layer, level: number | undefined): string =>
    level === undefined ? layerSpecs[layer].onePolicy : `${layerSpecs[layer].onePolicy} level ${level}`;
  let where: string;
  if (e.rule === 'explicitDeny' && e.explicitDeny)
    where = `explicit Deny in \`${e.explicitDeny.policy}\` (${one(e.explicitDeny.layer, e.explicitDeny.level)})`;
  else if (e.rule === 'dependentRequest') where = "a request the service makes in the caller's name is denied";
  else if (e.rule === 'serviceRule') where = 'the service denies it';
  else if (e.decision === 'allow' && e.grantedBy.length > 0)
    where = `allowed by ${e.grantedBy.map((l) => layerSpecs[l].subject).join(' and ')}`;
  else if (e.decision === 'allow' && e.rule === 'rootUser') where = 'the account root user, in its own account';
  else if (e.decision === 'allow') where = `allowed by ${layerSpecs[e.decidedBy].subject}`;
  else where = `no Allow in ${e.level !== undefined ? one(e.decidedBy, e.level) : layerSpecs[e.decidedBy].subject}`;
  return `${where} (rule \`${e.rule}\`)`;
}

/** Folds a run's events into the matrix; `suiteError` events never reach it (the command stops before). */
export function buildMatrix(events: Iterable<RunEvent>, options: MatrixOptions): Matrix {
  const bySuite = new Map<string, { name: string; file: string; cases: (MatrixCase & { explanation?: Explanation; order: number })[] }>();
  for (const e of events) {
    if (e.kind === 'suiteStart') bySuite.set(e.suite.file, { name: e.suite.name, file: cleanPath(e.suite.file), cases: [] });
    if (e.kind !== 'case') continue;
    const suite = bySuite.get(e.suite.file)!;
    const r = e.result;
    const c: MatrixCase & { explanation?: Explanation; order: number } = {
      name: e.case.name,
      principal: e.case.principal,
      action: e.case.action,
      resource: e.case.resource,
      expected: e.case.expected,
      outcome: r.outcome === 'fail' ? 'fail' : r.outcome === 'pass' ? 'pass' : 'skip',
      line: e.case.location.line,
      order: suite.cases.length,
    };
    if (e.case.expectation !== undefined) c.expectation = e.case.expectation;
    if (r.actual !== undefined && c.outcome !== 'skip') c.decision = r.actual;
    if (r.explanation && c.outcome !== 'skip') c.explanation = r.explanation;
    suite.cases.push(c);
  }
  const suites = [...bySuite.values()].map((s) => {
    const sorted = [...s.cases].sort(
      (a, b) => compare(a.resource, b.resource) || compare(a.principal, b.principal) || compare(a.action, b.action) || a.order - b.order,
    );
    const notes: string[] = [];
    const cases = sorted.map(({ explanation, order: _order, ...c }) => {
      if (explanation) {
        const text = decidingLayer(explanation);
        let n = notes.indexOf(text) + 1;
        if (n === 0) n = notes.push(text);
        return { ...c, note: n, rule: explanation.rule };
      }
      return c;
    });
    return { name: s.name, file: s.file, cases, notes, summary: summarize(cases, options) };
  });
  return { levels: options.levels, suites };
}

/** Per principal: (action, resource) pairs stated and allowed (by at least one case) at each access level. */
function summarize(cases: readonly MatrixCase[], options: MatrixOptions): PrincipalSummary[] {
  const pairs = new Map<string, Map<string, { action: string; allowed: boolean }>>();
  for (const c of cases) {
    if (c.decision === undefined) continue;
    const byPair = pairs.get(c.principal) ?? new Map<string, { action: string; allowed: boolean }>();
    pairs.set(c.principal, byPair);
    const key = `${c.action}\u0000${c.resource}`;
    const pair = byPair.get(key) ?? { action: c.action, allowed: false };
    pair.allowed ||= c.decision === 'allow';
    byPair.set(key, pair);
  }
  return [...pairs.keys()].sort(compare).map((principal) => {
    const levels = options.levels.map(() => ({ allowed: 0, stated: 0 }));
    const other = { allowed: 0, stated: 0 };
    for (const pair of pairs.get(principal)!.values()) {
      const level = options.accessLevelOf(pair.action);
      const i = level === undefined ? -1 : options.levels.indexOf(level);
      const count = i < 0 ? other : levels[i];
      count.stated++;
      if (pair.allowed) count.allowed++;
    }
    return { principal, levels, other };
  });
}

/** Code-unit order: the same on every machine and locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `./cases\\a.yaml` → `cases/a.yaml`: the same text whichever way the path was given. */
function cleanPath(file: string): string {
  return file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

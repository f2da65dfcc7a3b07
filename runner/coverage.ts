/**
 * Collecting coverage: every statement of every loaded policy, and what the run's evaluations
 * said about it. Definitions (covered, partially covered) are in runner/coverage-types.ts.
 *
 * The collector reads the explanation the engine already builds (runner/engine/types.ts
 * `PolicyTrace`): on the explaining path the engine scans every applicable layer, records each
 * statement whose Action/NotAction matched the request with how each element and condition
 * matched, and includes the dependent requests the service made (a secret's `kms:Decrypt` against
 * the key policy). So the engine's fast path is untouched: a run with coverage evaluates on the
 * explaining path instead, and a run without coverage pays nothing.
 *
 * Statements are keyed by their span (file and offset): a policy parsed twice (a named policy
 * attached as two kinds, a policy file used by two scenarios) is one statement in the report.
 */
import type { Explanation, Location, Span } from '../reports/events';
import type { Coverage, FileCoverage, LineRange, StatementCoverage, UnmetCondition } from './coverage-types';
import type { Condition, Policy, Statement } from './policy/types';

/** Resolves a span to a location, or undefined when the file's text is unknown. */
export type LocateSpan = (span: Span) => Location | undefined;

/** What the collector knows of a condition across the requests its statement was evaluated for. */
interface ConditionSeen {
  condition: Condition;
  matched: boolean;
  keySeen: boolean;
}

/** What the collector knows of a statement. */
interface Entry {
  policy: Policy;
  statement: Statement;
  hits: number;
  /** Requests for which everything but the conditions matched. */
  partial: number;
  conditions: Map<string, ConditionSeen>;
}

function spanKey(span: Span): string {
  return `${span.file}\u0000${span.start}`;
}

/** Options of {@link CoverageCollector.result}. */
export interface CoverageResultOptions {
  locate: LocateSpan;
  /** The working folder (absolute). */
  root: string;
  /** True for a file that is an AWS managed policy's ARN. */
  isManaged: (file: string) => boolean;
  threshold?: number | undefined;
}

/** Gathers the statements of the loaded policies and the evaluations of the run. */
export class CoverageCollector {
  private readonly entries = new Map<string, Entry>();
  /** Statements of explanations that were not among the loaded policies (an invariant says none). */
  unknownStatements = 0;

  /** `policies`: every policy the run loaded (runner/coverage-policies.ts). */
  constructor(policies: Iterable<Policy>) {
    for (const policy of policies) {
      for (const statement of policy.statements) {
        const key = spanKey(statement.span);
        if (this.entries.has(key)) continue;
        const conditions = new Map<string, ConditionSeen>();
        for (const c of statement.conditions) conditions.set(spanKey(c.raw.span), { condition: c, matched: false, keySeen: false });
        this.entries.set(key, { policy, statement, hits: 0, partial: 0, conditions });
      }
    }
  }

  /** Records one evaluation's explanation, its dependent requests' included. */
  record(explanation: Explanation): void {
    for (const pt of explanation.policies) {
      for (const st of pt.statements) {
        // INVARIANT: every policy a request is evaluated against was loaded by the run, so is
        // known; coverage.test.ts checks it on the shipped suites.
        const entry = this.entries.get(spanKey(st.span));
        if (!entry) {
          this.unknownStatements++;
          continue;
        }
        if (st.matched) {
          entry.hits++;
          continue;
        }
        if (!st.elements.every((e) => e.matched)) continue;
        entry.partial++;
        for (const ct of st.conditions) {
          const seen = entry.conditions.get(spanKey(ct.span));
          if (!seen) continue;
          if (ct.matched) seen.matched = true;
          if (ct.contextValues !== undefined) seen.keySeen = true;
        }
      }
    }
    for (const d of explanation.dependents ?? []) this.record(d.explanation);
  }

  /** The coverage of the run so far. */
  result(options: CoverageResultOptions): Coverage {
    const byFile = new Map<string, StatementCoverage[]>();
    const sorted = [...this.entries.values()].sort((a, b) =>
      a.statement.span.file === b.statement.span.file
        ? a.statement.span.start - b.statement.span.start
        : a.statement.span.file < b.statement.span.file
          ? -1
          : 1,
    );
    for (const entry of sorted) {
      const file = entry.statement.span.file;
      let list = byFile.get(file);
      if (!list) byFile.set(file, (list = []));
      list.push(statementCoverage(entry, options.locate));
    }
    const files = [...byFile].map(([file, statements]) => fileCoverage(file, statements, options.isManaged(file)));
    const covered = files.reduce((n, f) => n + f.coveredStatements, 0);
    const total = files.reduce((n, f) => n + f.totalStatements, 0);
    const thresholdMet = options.threshold === undefined || covered * 100 >= options.threshold * total;
    const coverage: Coverage = {
      root: options.root,
      files,
      coveredStatements: covered,
      partialStatements: files.reduce((n, f) => n + f.partialStatements, 0),
      totalStatements: total,
      percent: percentOf(covered, total),
      thresholdMet,
    };
    if (options.threshold !== undefined) coverage.threshold = options.threshold;
    return coverage;
  }
}

/** `part` in percent of `whole`, rounded down to 2 decimals (so 99.999 is never shown as 100); 100 for nothing. */
export function percentOf(part: number, whole: number): number {
  return whole === 0 ? 100 : Math.floor((part * 10000) / whole) / 100;
}

function locationOf(span: Span, locate: LocateSpan): Location {
  return locate(span) ?? { file: span.file, line: 1, column: span.start + 1 };
}

function statementCoverage(entry: Entry, locate: LocateSpan): StatementCoverage {
  const s = entry.statement;
  const location = locationOf(s.span, locate);
  const end = locationOf({ ...s.span, start: Math.max(s.span.start, s.span.end - 1) }, locate);
  const status = entry.hits > 0 ? 'covered' : entry.partial > 0 ? 'partial' : 'uncovered';
  const result: StatementCoverage = {
    policy: entry.policy.name,
    kind: entry.policy.kind,
    index: s.index,
    effect: s.effect,
    location,
    endLine: Math.max(location.line, end.line),
    status,
    hits: entry.hits,
  };
  if (s.sid) result.sid = s.sid.value;
  if (status === 'partial') {
    const unmet: UnmetCondition[] = [];
    for (const seen of entry.conditions.values()) {
      if (seen.matched) continue;
      const c = seen.condition;
      unmet.push({ operator: c.raw.value, key: c.key.value, location: locationOf(c.raw.span, locate), keyInRequests: seen.keySeen });
    }
    result.unmetConditions = unmet;
  }
  return result;
}

function fileCoverage(file: string, statements: StatementCoverage[], managed: boolean): FileCoverage {
  const coveredLines = new Set<number>();
  const otherLines = new Set<number>();
  for (const s of statements) {
    const into = s.status === 'covered' ? coveredLines : otherLines;
    for (let line = s.location.line; line <= s.endLine; line++) into.add(line);
  }
  for (const line of coveredLines) otherLines.delete(line);
  const coveredStatements = statements.filter((s) => s.status === 'covered').length;
  return {
    file,
    managed,
    statements,
    covered: lineRanges(coveredLines),
    notCovered: lineRanges(otherLines),
    coveredStatements,
    partialStatements: statements.filter((s) => s.status === 'partial').length,
    totalStatements: statements.length,
    percent: percentOf(coveredStatements, statements.length),
  };
}

/** Sorted, merged ranges of a set of lines: {3, 4, 5, 9} → 3-5, 9-9. */
export function lineRanges(lines: ReadonlySet<number>): LineRange[] {
  const ranges: LineRange[] = [];
  for (const line of [...lines].sort((a, b) => a - b)) {
    const last = ranges[ranges.length - 1];
    if (last && last.end + 1 === line) last.end = line;
    else ranges.push({ start: line, end: line });
  }
  return ranges;
}

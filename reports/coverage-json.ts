/**
 * `--coverage FILE`: the run's coverage of policies as JSON, in the spirit of `opa test
 * --coverage` (its `cover.Report` and `FileReport`, https://godocs.io/github.com/open-policy-agent/opa/cover): per file, the
 * `covered` and `not_covered` line ranges as `{start: {row}, end: {row}}`, `covered_lines`,
 * `not_covered_lines` and `coverage` in percent, and the same totals for the run. Where opa counts
 * lines of Rego, `coverage` here is the percent of statements covered (runner/coverage-types.ts
 * defines covered and partially covered), and each file lists its statements: policy, Sid or
 * index, position, status, hits, and for a partially covered one the conditions that never
 * matched. Keys are snake_case, as opa's are; files are sorted, so the output is deterministic.
 */
import type { Coverage, FileCoverage, LineRange, Reporter, RunEvent, StatementCoverage } from './events';

/** Version of this document's shape; a consumer can refuse another. */
export const coverageJsonVersion = 1;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function ranges(list: readonly LineRange[]): Json[] {
  return list.map((r) => ({ start: { row: r.start }, end: { row: r.end } }));
}

function lineCount(list: readonly LineRange[]): number {
  return list.reduce((n, r) => n + r.end - r.start + 1, 0);
}

function statementJson(s: StatementCoverage): Json {
  const out: { [key: string]: Json } = { policy: s.policy, kind: s.kind, index: s.index };
  if (s.sid !== undefined) out.sid = s.sid;
  out.effect = s.effect;
  out.start = { row: s.location.line, col: s.location.column };
  out.end = { row: s.endLine };
  out.status = s.status;
  out.hits = s.hits;
  if (s.unmetConditions) {
    out.unmet_conditions = s.unmetConditions.map((c) => ({
      operator: c.operator,
      key: c.key,
      row: c.location.line,
      col: c.location.column,
      key_in_requests: c.keyInRequests,
    }));
  }
  return out;
}

function fileJson(f: FileCoverage): Json {
  return {
    ...(f.managed ? { aws_managed: true } : {}),
    covered: ranges(f.covered),
    not_covered: ranges(f.notCovered),
    covered_lines: lineCount(f.covered),
    not_covered_lines: lineCount(f.notCovered),
    covered_statements: f.coveredStatements,
    partial_statements: f.partialStatements,
    statements_total: f.totalStatements,
    coverage: f.percent,
    statements: f.statements.map(statementJson),
  };
}

/** The coverage document. */
export function coverageJson(coverage: Coverage): Json {
  const files: { [key: string]: Json } = {};
  for (const f of coverage.files) files[f.file] = fileJson(f);
  const out: { [key: string]: Json } = {
    version: coverageJsonVersion,
    files,
    covered_lines: coverage.files.reduce((n, f) => n + lineCount(f.covered), 0),
    not_covered_lines: coverage.files.reduce((n, f) => n + lineCount(f.notCovered), 0),
    covered_statements: coverage.coveredStatements,
    partial_statements: coverage.partialStatements,
    statements_total: coverage.totalStatements,
    coverage: coverage.percent,
  };
  if (coverage.threshold !== undefined) {
    out.threshold = coverage.threshold;
    out.threshold_met = coverage.thresholdMet;
  }
  return out;
}

/**
 * The coverage reporter: the document, once the run has ended.
 *
 * INVARIANT: a run with this reporter collects coverage (reports/registry.ts `coverage: true`), so
 * `runEnd` carries it.
 */
export function coverageJsonReporter(): Reporter {
  return function* report(events: Iterable<RunEvent>): Generator<string> {
    for (const event of events) {
      if (event.kind !== 'runEnd') continue;
      if (!event.coverage) throw new Error('the coverage reporter needs a run that collects coverage');
      yield `${JSON.stringify(coverageJson(event.coverage), null, 2)}\n`;
    }
  };
}

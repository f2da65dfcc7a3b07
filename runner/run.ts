/**
 * Running: test cases → the RunEvent stream the reporters read (reports/events.ts).
 *
 * Each case is evaluated on the fast path (decision only); the explanation is built only for a
 * failure, or for every case when the run asks for it (`--json`) or collects coverage (the
 * collector reads the explanation; runner/coverage.ts). A file that could not be used
 * becomes one `suiteError` and none of its cases run. Time comes from an injected clock, so tests
 * fix durations and timestamps.
 */
import type { CaseInfo, CaseResult, Location, RunEvent, Stats, SuiteInfo } from '../reports/events';
import type { CoverageCollector, CoverageResultOptions } from './coverage';
import type { PositionedDiagnostic, Span } from './diagnostics';
import type { AuthorizationRequest, Decision, EvaluateOptions, EvaluationResult, PolicySet } from './engine/types';
import type { Expected } from './model/types';
import type { TestCase } from './plan';

/** The engine's entry point, injected (tests may pass a fake; the CLI passes the engine). */
export type Evaluate = (request: AuthorizationRequest, policies: PolicySet, options?: EvaluateOptions) => EvaluationResult;

/** One scenario file, ready to run: its cases, or the problems that make it unusable. */
export type SuitePlan =
  | { kind: 'cases'; suite: SuiteInfo; cases: TestCase[]; warnings: PositionedDiagnostic[] }
  | { kind: 'error'; suite: SuiteInfo; diagnostics: PositionedDiagnostic[] };

/** Clocks, injected. */
export interface Clock {
  /** Wall time of events. */
  now(): Date;
  /** A monotonic time in milliseconds, for durations. */
  elapsed(): number;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => new Date(),
  elapsed: () => performance.now(),
};

/** Options for {@link runSuites}. */
export interface RunOptions {
  evaluate: Evaluate;
  /** Build the explanation for every case, not only failures. Default: `false`. */
  explainAll?: boolean;
  /**
   * With `explainAll`: the explanations of passing cases carry the statement-by-statement trace
   * (`Explanation.policies`). `false` (`--json-trace failures`) builds them without it, which
   * costs less (EvaluateOptions.statementTraces); a failure is still explained with its trace,
   * and coverage always reads whole explanations. Default: `true`.
   */
  passingTraces?: boolean;
  /** Default: {@link systemClock}. */
  clock?: Clock;
  /** Resolves a span to a location for `CaseInfo.location`. */
  locate: (span: Span) => Location | undefined;
  /**
   * Collect coverage: every evaluated case's explanation goes to `collector`, and `runEnd` carries
   * the result. Default: none (the fast path only).
   */
  coverage?: { collector: CoverageCollector; result: CoverageResultOptions };
}

/** True when `actual` satisfies `expected` (`deny` accepts either kind of deny). */
export function satisfies(expected: Expected, actual: Decision): boolean {
  return expected === 'deny' ? actual !== 'allow' : expected === actual;
}

function emptyStats(): Stats {
  return { passed: 0, failed: 0, skipped: 0, errors: 0, warnings: 0 };
}

/** Runs the suites in order, yielding events as cases are decided. */
export function* runSuites(suites: readonly SuitePlan[], options: RunOptions): Generator<RunEvent> {
  const clock = options.clock ?? systemClock;
  // Cases planned from one action item share its span object, so one Location serves them all.
  const locations = new Map<Span, Location>();
  const locate = (span: Span): Location => {
    let location = locations.get(span);
    if (!location) {
      location = options.locate(span) ?? { file: span.file, line: 1, column: 1 };
      locations.set(span, location);
    }
    return location;
  };
  const runStarted = clock.elapsed();
  const total = emptyStats();
  yield { kind: 'runStart', time: clock.now(), files: suites.map((s) => s.suite.file) };
  for (const plan of suites) {
    const suite = plan.suite;
    const started = clock.elapsed();
    const stats = emptyStats();
    yield { kind: 'suiteStart', suite, time: clock.now() };
    if (plan.kind === 'error') {
      stats.errors = 1;
      stats.warnings = plan.diagnostics.filter((d) => d.severity === 'warning').length;
      yield { kind: 'suiteError', suite, diagnostics: plan.diagnostics };
    } else {
      if (plan.warnings.length > 0) {
        stats.warnings = plan.warnings.length;
        yield { kind: 'suiteWarnings', suite, diagnostics: plan.warnings };
      }
      for (const c of plan.cases) {
        const result = runCase(c, options, clock);
        count(stats, result);
        yield { kind: 'case', suite, case: caseInfo(c, locate(c.span)), result };
      }
    }
    add(total, stats);
    yield { kind: 'suiteEnd', suite, stats, durationMs: clock.elapsed() - started };
  }
  const durationMs = clock.elapsed() - runStarted;
  const coverage = options.coverage;
  yield { kind: 'runEnd', stats: total, durationMs, ...(coverage ? { coverage: coverage.collector.result(coverage.result) } : {}) };
}

function runCase(c: TestCase, options: RunOptions, clock: Clock): CaseResult {
  if (c.skip !== undefined) return { outcome: 'skip', durationMs: 0, reason: c.skip };
  const started = clock.elapsed();
  const collector = options.coverage?.collector;
  const explain = options.explainAll === true || collector !== undefined;
  const untraced = explain && collector === undefined && options.passingTraces === false;
  const first = options.evaluate(c.request, c.policies, untraced ? { explain, statementTraces: false } : { explain });
  const durationMs = clock.elapsed() - started;
  if (collector && first.explanation) collector.record(first.explanation);
  if (satisfies(c.expected, first.decision)) {
    const result: CaseResult = { outcome: 'pass', actual: first.decision, durationMs };
    // A passing case keeps its explanation only when the run asked for every one (`--json`).
    if (first.explanation && options.explainAll === true) result.explanation = first.explanation;
    return result;
  }
  // The explaining path is only paid for failures (and for every case under `--json`).
  const explained = first.explanation && !untraced ? first : options.evaluate(c.request, c.policies, { explain: true });
  const result: CaseResult = { outcome: 'fail', actual: first.decision, durationMs };
  if (explained.explanation) result.explanation = explained.explanation;
  return result;
}

function caseInfo(c: TestCase, location: Location): CaseInfo {
  const info: CaseInfo = { name: c.name, principal: c.principal, action: c.action, resource: c.resource, expected: c.expected, location };
  if (c.expectation !== undefined) info.expectation = c.expectation;
  return info;
}

function count(stats: Stats, result: CaseResult): void {
  switch (result.outcome) {
    case 'pass':
      stats.passed++;
      break;
    case 'fail':
      stats.failed++;
      break;
    case 'skip':
      stats.skipped++;
      break;
    case 'error':
      stats.errors++;
      break;
  }
}

function add(total: Stats, s: Stats): void {
  total.passed += s.passed;
  total.failed += s.failed;
  total.skipped += s.skipped;
  total.errors += s.errors;
  total.warnings += s.warnings;
}

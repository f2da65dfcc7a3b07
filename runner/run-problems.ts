/**
 * The problems of a run as a whole, as events: a run refused for `NO_CASES`, `NO_SCENARIOS` or
 * `only: true` under `--strict` (and the `only` warning without it) writes its JUnit and JSON
 * reports all the same, with one suite (`SuiteInfo.run`) holding an `error` testcase that says
 * why, so a CI page shows red exactly when the exit code is 2. Warnings of the run go to that
 * suite's `system-err`.
 */
import type { PositionedDiagnostic, RunEvent, Stats, SuiteInfo } from '../reports/events';
import { systemClock, type Clock } from './run';

/** The pseudo-suite of a run given `paths`. */
export function runSuite(paths: readonly string[]): SuiteInfo {
  return { name: 'iamspec run', file: paths.join(' '), run: true };
}

/** The suite's counts: one error when any diagnostic is an error, and its warnings. */
function problemStats(problems: readonly PositionedDiagnostic[]): Stats {
  const errors = problems.some((d) => d.severity === 'error') ? 1 : 0;
  return { passed: 0, failed: 0, skipped: 0, errors, warnings: problems.filter((d) => d.severity !== 'error').length };
}

/** The events of the run's suite: start, its warnings and its error, end. */
function* problemEvents(suite: SuiteInfo, problems: readonly PositionedDiagnostic[], time: Date): Generator<RunEvent> {
  const warnings = problems.filter((d) => d.severity !== 'error');
  const errors = problems.filter((d) => d.severity === 'error');
  yield { kind: 'suiteStart', suite, time };
  if (warnings.length > 0) yield { kind: 'suiteWarnings', suite, diagnostics: warnings };
  if (errors.length > 0) yield { kind: 'suiteError', suite, diagnostics: errors };
  yield { kind: 'suiteEnd', suite, stats: problemStats(problems), durationMs: 0 };
}

/** `events` with the run's problems as a last suite before `runEnd`, whose counts include them. */
export function* withRunProblems(
  events: Iterable<RunEvent>,
  paths: readonly string[],
  problems: readonly PositionedDiagnostic[],
): Generator<RunEvent> {
  let started = new Date(0);
  for (const event of events) {
    if (event.kind === 'runStart') started = event.time;
    if (event.kind === 'runEnd' && problems.length > 0) {
      yield* problemEvents(runSuite(paths), problems, started);
      const extra = problemStats(problems);
      yield {
        ...event,
        stats: { ...event.stats, errors: event.stats.errors + extra.errors, warnings: event.stats.warnings + extra.warnings },
      };
      continue;
    }
    yield event;
  }
}

/** The events of a run stopped before any scenario file was planned (no scenario found). */
export function* eventsOfStoppedRun(
  paths: readonly string[],
  problems: readonly PositionedDiagnostic[],
  clock: Clock = systemClock,
): Generator<RunEvent> {
  const time = clock.now();
  yield { kind: 'runStart', time, files: [] };
  yield* problemEvents(runSuite(paths), problems, time);
  const stats = problemStats(problems);
  yield { kind: 'runEnd', stats, durationMs: 0 };
}

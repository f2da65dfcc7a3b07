/**
 * The exit code of a run, in one place (docs/scenarios.md, "Exit codes"): 0 every case passed; 1 at least one failed,
 * or the statement coverage is below `--coverage-threshold`;
 * 2 some input could not be used (a scenario, policy or catalog error, no scenario or no case, an
 * unwritable report, `only: true` under `--strict`); 130 when interrupted (no report is written).
 */

/** Every case passed. */
export const EXIT_OK = 0;
/** At least one case failed, or the coverage is below `--coverage-threshold`. */
export const EXIT_FAILED = 1;
/** Some input (or the command line) could not be used. */
export const EXIT_UNUSABLE = 2;
/** An interrupted run (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;

/** What decides the exit code of a run, gathered by the pipeline. */
export interface RunOutcome {
  interrupted: boolean;
  /** A report could not be written. */
  reportUnwritable: boolean;
  /** A file could not be used (an error suite). */
  unusable: boolean;
  /** `only: true` focused the run and `--strict` forbids it. */
  forbiddenOnly: boolean;
  /** No case ran. */
  noCases: boolean;
  /** A case failed. */
  failed: boolean;
  /**
   * The run's statement coverage is below `--coverage-threshold` (runEnd's `coverage.thresholdMet`
   * is false, the value the reports show). Default: `false`.
   */
  belowCoverageThreshold?: boolean;
}

/** The exit code of a run; the first condition that holds, in the order of {@link RunOutcome}. */
export function exitCode(o: RunOutcome): number {
  if (o.interrupted) return EXIT_INTERRUPTED;
  if (o.reportUnwritable || o.unusable || o.forbiddenOnly || o.noCases) return EXIT_UNUSABLE;
  // Coverage below the threshold fails the run as a failed case does (1); 2 stays "the input
  // could not be used", so an unusable file still wins over low coverage.
  return o.failed || o.belowCoverageThreshold === true ? EXIT_FAILED : EXIT_OK;
}

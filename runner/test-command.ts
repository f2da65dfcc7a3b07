/**
 * `iamspec test`: the pipeline (runner/pipeline.ts: discover → load → build → plan) → run →
 * report (runner/report-run.ts, reporters from reports/registry.ts) → the exit code
 * (runner/exit-code.ts).
 *
 * A file that cannot be used is reported on stderr as `FILE:LINE:COL: message` with help, and as
 * an error suite in the reports; the other files still run. A run refused as a whole (no scenario
 * file, no case, `only` under `--strict`) is reported on stderr and, in the file reports, as a
 * suite of its own (runner/run-problems.ts), so a report never says less than the exit code.
 */
import { resolve } from 'node:path';
import type { Catalog } from '../catalog/types';
import type { RunEvent } from '../reports/events';
import { spanLocator } from '../reports/locate';
import { reporterEntry, type JsonTrace, type ReporterChoice } from '../reports/registry';
import { CoverageCollector } from './coverage';
import { isManagedPolicyArn, managedPolicyTexts, scenarioPolicies } from './coverage-policies';
import { diagnosticsText, formatDiagnostic, positionDiagnostic, promoteWarnings, type Diagnostic } from './diagnostics';
import { scenarioPathsOrDefault } from './default-paths';
import { eventsOfStoppedRun, withRunProblems } from './run-problems';
import { EXIT_INTERRUPTED, EXIT_UNUSABLE, exitCode } from './exit-code';
import { describeFilters, hasFilters, type CaseFilters } from './filter';
import { leftOutByOnly, planRunAsync, type PlannedRun } from './pipeline';
import type { Jobs } from './load-pool';
import type { Policy } from './policy/types';
import { reportRun } from './report-run';
import { checkReportTargets } from './report-targets';
import { runSuites, type Clock, type Evaluate, type RunOptions } from './run';
import type { Shard } from './shard';

export { EXIT_INTERRUPTED } from './exit-code';
export { MAX_DIAGNOSTICS_PER_FILE } from './pipeline';

/** What `iamspec test` needs: options from the command line and the pieces it runs with. */
export interface TestCommandOptions {
  /** Files or folders. Default: `[DEFAULT_SCENARIO_PATH]` (`cases`, runner/default-paths.ts). */
  paths?: string[];
  /** Reporters writing to files (the console reporter always writes to stdout). */
  reports?: ReporterChoice[];
  /** Shorthand for a `junit` file report. */
  junit?: string;
  /** Shorthand for a `json` file report. */
  json?: string;
  /** Warnings become errors. Default: `false`. */
  strict?: boolean;
  /** JUnit testcases carry `file` and `line` attributes (`--junit-file-attributes`). Default: `false`. */
  junitFileAttributes?: boolean;
  /** `--json-trace`: which cases of the JSON report carry the statement trace. Default: `'failures'`. */
  jsonTrace?: JsonTrace;
  /** Print GitHub Actions annotations on stdout (`--github`, or `GITHUB_ACTIONS=true`). Default: `false`. */
  github?: boolean;
  /** With `github`: the file the Markdown summary is appended to (`$GITHUB_STEP_SUMMARY`). */
  stepSummary?: string;
  grep?: string;
  /**
   * `--coverage-threshold`: the run fails (exit 1) when fewer than this percent of the loaded
   * policies' statements are covered (0 to 100; the CLI checks the range). Collects coverage.
   */
  coverageThreshold?: number;
  /** `--principal`, `--resource`, `--action` (runner/filter.ts). Default: no filter. */
  filters?: CaseFilters;
  /** `--shard I/N` (runner/shard.ts). Default: the whole run. */
  shard?: Shard;
  /** `--jobs`: worker threads that load the files (runner/load-pool.ts). Default: `1`, in process. */
  jobs?: Jobs;
  /** Called with the planned run before it runs (`--watch` learns each suite's input files). */
  onPlanned?: (run: PlannedRun) => void;
  /**
   * Run and report only these suites (scenario display paths), planned with the whole run so
   * filters, `--shard` and `only: true` select as in the whole run (`--watch` reruns). Default: all.
   */
  suites?: ReadonlySet<string>;
  color?: boolean;
  /** Default: `process.cwd()`. */
  cwd?: string;
  catalog: Catalog;
  evaluate: Evaluate;
  /** Catalog checks of a parsed policy (unknown actions, inapplicable keys): warnings. */
  checkPolicy?: (policy: Policy, catalog: Catalog) => Diagnostic[];
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  clock?: Clock;
  /** Polled between batches of cases; true stops the run without writing reports. */
  interrupted?: () => boolean;
}

/**
 * The reporters of a run: the console, then the file reports asked for, then GitHub's. A report
 * given `-` writes to stdout, and the console report then goes to stderr, so stdout carries
 * nothing but that report (`iamspec test --junit - | tool`).
 */
export function reporterChoices(
  options: Pick<TestCommandOptions, 'reports' | 'junit' | 'json' | 'github' | 'stepSummary'>,
): ReporterChoice[] {
  const reports: ReporterChoice[] = [];
  if (options.junit !== undefined) reports.push({ name: 'junit', destination: { kind: 'file', path: options.junit } });
  if (options.json !== undefined) reports.push({ name: 'json', destination: { kind: 'file', path: options.json } });
  reports.push(...(options.reports ?? []));
  if (options.github) {
    reports.push({ name: 'github', destination: { kind: 'stdout' } });
    if (options.stepSummary) reports.push({ name: 'githubSummary', destination: { kind: 'append', path: options.stepSummary } });
  }
  const reportOnStdout = reports.some((c) => c.name !== 'github' && c.destination.kind === 'stdout');
  return [{ name: 'console', destination: { kind: reportOnStdout ? 'stderr' : 'stdout' } }, ...reports];
}

/** Runs `iamspec test`; resolves to the exit code. */
export async function testCommand(options: TestCommandOptions): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const paths = scenarioPathsOrDefault(options.paths);
  const planned = await planRunAsync({
    paths,
    cwd,
    catalog: options.catalog,
    strict: options.strict,
    grep: options.grep,
    filters: options.filters,
    shard: options.shard,
    checkPolicy: options.checkPolicy,
    jobs: options.jobs,
  });
  const print = (ds: readonly Diagnostic[], sources: Map<string, string>): void => {
    options.stderr(diagnosticsText(ds, sources));
  };
  const choices = reporterChoices(options);
  const reportOptions = {
    choices,
    color: options.color ?? false,
    cwd,
    junitFileAttributes: options.junitFileAttributes ?? false,
    jsonTrace: options.jsonTrace ?? 'failures',
    stdout: options.stdout,
    stderr: options.stderr,
    ...(options.interrupted ? { interrupted: options.interrupted } : {}),
  };
  if (planned.kind === 'stopped') {
    // No scenario to run: the reports asked for still say why (an error testcase), when they may be written.
    const refused = checkReportTargets(choices, [], cwd);
    print(refused.length > 0 ? refused : planned.diagnostics, planned.sources);
    if (refused.length > 0 || choices.length === 1) return EXIT_UNUSABLE;
    const positioned = planned.diagnostics.map((d) => positionDiagnostic(d, planned.sources));
    const events = eventsOfStoppedRun(paths, positioned, options.clock);
    const reported = await reportRun(events, { ...reportOptions, choices: choices.slice(1), locate: spanLocator(planned.sources) });
    if (reported.kind === 'unwritable') print([reported.diagnostic], planned.sources);
    return reported.kind === 'interrupted' ? EXIT_INTERRUPTED : EXIT_UNUSABLE;
  }
  options.onPlanned?.(planned.run);
  const suites = options.suites;
  const run = suites ? { ...planned.run, plans: planned.run.plans.filter((p) => suites.has(p.suite.file)) } : planned.run;
  for (const plan of run.plans) {
    if (plan.kind === 'error') for (const d of plan.diagnostics) options.stderr(formatDiagnostic(d) + '\n');
  }
  const refused = checkReportTargets(choices, [...run.sources.keys(), ...run.built.map((b) => b.file)], cwd);
  if (refused.length > 0) {
    print(refused, run.sources);
    return EXIT_UNUSABLE;
  }
  const locate = spanLocator(run.sources);
  const collect = options.coverageThreshold !== undefined || choices.some((c) => reporterEntry(c.name).coverage === true);
  // What the run as a whole is refused or warned for is known before it runs; the reports get
  // it as a suite of its own, the terminal on stderr once the run is over.
  const closing = closingDiagnostics(run, options, paths);
  const events = runSuites(run.plans, {
    evaluate: options.evaluate,
    explainAll: choices.some((c) => reporterEntry(c.name).explainsAll),
    // Only the JSON report explains passing cases; it drops their statement traces unless `--json-trace all`.
    passingTraces: (options.jsonTrace ?? 'failures') === 'all',
    locate,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(collect ? { coverage: coverageOptions(run, cwd, options.coverageThreshold) } : {}),
  });
  let failed = false;
  let belowCoverageThreshold = false;
  function* watched(): Generator<RunEvent> {
    for (const e of events) {
      if (e.kind === 'runEnd' && e.stats.failed > 0) failed = true;
      // The same value the reports show (`thresholdMet`), so report and exit code agree.
      if (e.kind === 'runEnd' && e.coverage && !e.coverage.thresholdMet) belowCoverageThreshold = true;
      yield e;
    }
  }
  const problems = closing.diagnostics.map((d) => positionDiagnostic(d, run.sources));
  const reported = await reportRun(withRunProblems(watched(), paths, problems), { ...reportOptions, locate });
  if (reported.kind === 'unwritable') print([reported.diagnostic], run.sources);
  if (run.sharded && reported.kind === 'written') options.stdout(shardLine(run.sharded, run.total));
  if (reported.kind === 'written') print(closing.diagnostics, run.sources);
  else {
    closing.forbiddenOnly = false;
    closing.noCases = false;
  }
  return exitCode({
    interrupted: reported.kind === 'interrupted',
    reportUnwritable: reported.kind === 'unwritable',
    unusable: run.plans.some((p) => p.kind === 'error'),
    forbiddenOnly: closing.forbiddenOnly,
    noCases: closing.noCases,
    failed,
    belowCoverageThreshold,
  });
}

/**
 * Coverage of the run: the collector over every policy of the usable scenarios
 * (runner/coverage-policies.ts), and a locator that also knows the texts of AWS managed policies.
 */
function coverageOptions(run: PlannedRun, cwd: string, threshold: number | undefined): NonNullable<RunOptions['coverage']> {
  const usable = new Set(run.plans.filter((p) => p.kind === 'cases').map((p) => p.suite.file));
  const policies = run.built.flatMap((b) => (b.scenario && usable.has(b.file) ? scenarioPolicies(b.scenario) : []));
  const sources = new Map(run.sources);
  for (const [arn, text] of managedPolicyTexts(policies)) sources.set(arn, text);
  return {
    collector: new CoverageCollector(policies),
    result: { locate: spanLocator(sources), root: resolve(cwd), isManaged: isManagedPolicyArn, threshold },
  };
}

/**
 * The diagnostics printed after the run: `only: true` focusing it (Mocha's `--forbid-only` as
 * `--strict`: a warning, an error under --strict), and no case having run (never a silent pass:
 * a run in which no case ran proves nothing, as a `--grep` typo or empty files). Each is printed
 * only when no earlier reason (interrupted, a report or a file unusable) already decides the
 * exit code, and a forbidden `only` is the last one printed.
 */
function closingDiagnostics(
  run: PlannedRun,
  options: TestCommandOptions,
  paths: readonly string[],
): { diagnostics: Diagnostic[]; forbiddenOnly: boolean; noCases: boolean } {
  const none = { diagnostics: [], forbiddenOnly: false, noCases: false };
  if (run.plans.some((p) => p.kind === 'error')) return none;
  const diagnostics: Diagnostic[] = [];
  if (run.onlyMode) {
    const d = leftOutByOnly(run.built);
    if (options.strict) return { diagnostics: promoteWarnings([d]), forbiddenOnly: true, noCases: false };
    diagnostics.push(d);
  }
  // Never a silent pass: a run in which no case ran proves nothing (a `--grep` typo, empty files,
  // every case selected skipped: by `skip: true`, by a `--grep` that selects only skipped cases,
  // or by `only: true` on skipped expectations).
  // A shard that got no case is not an error: the run's cases went to the other shards.
  if (run.runnable > 0 || (run.sharded && run.sharded.runnable > 0)) return { diagnostics, forbiddenOnly: false, noCases: false };
  const selectors = [
    ...(options.grep !== undefined ? [`--grep ${options.grep}`] : []),
    ...(hasFilters(options.filters) ? [describeFilters(options.filters)] : []),
  ];
  const help =
    (run.sharded?.total ?? run.total) > 0
      ? 'every test case selected is skipped (`skip: true`); remove `skip: true` from an expectation'
      : options.grep !== undefined && selectors.length === 1
        ? `no test case name contains \`${options.grep}\`; check the text given to \`--grep\``
        : selectors.length > 0
          ? `no test case matches \`${selectors.join(' ')}\`; filters of one kind are alternatives, different kinds must all match`
          : 'add expectations (`expect:`) with actions to the scenario files';
  diagnostics.push({ code: 'NO_CASES', severity: 'error', message: 'no test case ran', file: paths.join(' '), help });
  return { diagnostics, forbiddenOnly: false, noCases: true };
}

/** The line a sharded run ends with: which shard, and its share of the run. */
function shardLine(sharded: NonNullable<PlannedRun['sharded']>, total: number): string {
  const { shard } = sharded;
  const share = `${total} of ${sharded.total} test case${sharded.total === 1 ? '' : 's'}`;
  return total === 0
    ? `shard ${shard.index}/${shard.count}: no test case (${sharded.total} in ${shard.count} shards); nothing to run here\n`
    : `shard ${shard.index}/${shard.count}: ${share}\n`;
}

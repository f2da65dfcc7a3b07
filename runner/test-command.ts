/**
 * `iamspec test`: the pipeline (runner/pipeline.ts: discover → load → build → plan) → run →
 * report (runner/report-run.ts, reporters from reports/registry.ts) → the exit code
 * (runner/exit-code.ts).
 *
 * A file that cannot be used is reported on stderr as `FILE:LINE:COL: message` with help, and as
 * an error suite in the reports; the other files still run.
 */
import { resolve } from 'node:path';
import type { Catalog } from '../catalog/types';
import type { RunEvent } from '../reports/events';
import { spanLocator } from '../reports/locate';
import { reporterEntry, type ReporterChoice } from '../reports/registry';
import { CoverageCollector } from './coverage';
import { isManagedPolicyArn, managedPolicyTexts, scenarioPolicies } from './coverage-policies';
import { formatDiagnostic, positionDiagnostic, promoteWarnings, type Diagnostic } from './diagnostics';
import { EXIT_UNUSABLE, exitCode } from './exit-code';
import { leftOutByOnly, planRun, type PlannedRun } from './pipeline';
import type { Policy } from './policy/types';
import { reportRun } from './report-run';
import { checkReportTargets } from './report-targets';
import { runSuites, type Clock, type Evaluate, type RunOptions } from './run';

export { EXIT_INTERRUPTED } from './exit-code';
export { MAX_DIAGNOSTICS_PER_FILE } from './pipeline';

/** What `iamspec test` needs: options from the command line and the pieces it runs with. */
export interface TestCommandOptions {
  /** Files or folders. Default: `['cases']`. */
  paths?: string[];
  /** Reporters writing to files (the console reporter always writes to stdout). */
  reports?: ReporterChoice[];
  /** Shorthand for a `junit` file report. */
  junit?: string;
  /** Shorthand for a `json` file report. */
  json?: string;
  /** Warnings become errors. Default: `false`. */
  strict?: boolean;
  grep?: string;
  /**
   * `--coverage-threshold`: the run fails (exit 1) when fewer than this percent of the loaded
   * policies' statements are covered (0 to 100; the CLI checks the range). Collects coverage.
   */
  coverageThreshold?: number;
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

/** The reporters of a run: the console on stdout, then the file reports asked for. */
export function reporterChoices(options: Pick<TestCommandOptions, 'reports' | 'junit' | 'json'>): ReporterChoice[] {
  const choices: ReporterChoice[] = [{ name: 'console', destination: { kind: 'stdout' } }];
  if (options.junit !== undefined) choices.push({ name: 'junit', destination: { kind: 'file', path: options.junit } });
  if (options.json !== undefined) choices.push({ name: 'json', destination: { kind: 'file', path: options.json } });
  choices.push(...(options.reports ?? []));
  return choices;
}

/** Runs `iamspec test`; resolves to the exit code. */
export async function testCommand(options: TestCommandOptions): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const paths = options.paths && options.paths.length > 0 ? options.paths : ['cases'];
  const planned = planRun({
    paths,
    cwd,
    catalog: options.catalog,
    strict: options.strict,
    grep: options.grep,
    checkPolicy: options.checkPolicy,
  });
  const print = (ds: readonly Diagnostic[], sources: Map<string, string>): void => {
    for (const d of ds) options.stderr(formatDiagnostic(positionDiagnostic(d, sources)) + '\n');
  };
  if (planned.kind === 'stopped') {
    print(planned.diagnostics, planned.sources);
    return EXIT_UNUSABLE;
  }
  const run = planned.run;
  for (const plan of run.plans) {
    if (plan.kind === 'error') for (const d of plan.diagnostics) options.stderr(formatDiagnostic(d) + '\n');
  }
  const choices = reporterChoices(options);
  const refused = checkReportTargets(choices, [...run.sources.keys(), ...run.built.map((b) => b.file)], cwd);
  if (refused.length > 0) {
    print(refused, run.sources);
    return EXIT_UNUSABLE;
  }
  const locate = spanLocator(run.sources);
  const collect = options.coverageThreshold !== undefined || choices.some((c) => reporterEntry(c.name).coverage === true);
  const events = runSuites(run.plans, {
    evaluate: options.evaluate,
    explainAll: choices.some((c) => reporterEntry(c.name).explainsAll),
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
  const reported = await reportRun(watched(), {
    choices,
    color: options.color ?? false,
    locate,
    cwd,
    stdout: options.stdout,
    ...(options.interrupted ? { interrupted: options.interrupted } : {}),
  });
  if (reported.kind === 'unwritable') print([reported.diagnostic], run.sources);
  const closing = closingDiagnostics(run, reported.kind, options, paths);
  print(closing.diagnostics, run.sources);
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
  reported: string,
  options: TestCommandOptions,
  paths: readonly string[],
): { diagnostics: Diagnostic[]; forbiddenOnly: boolean; noCases: boolean } {
  const none = { diagnostics: [], forbiddenOnly: false, noCases: false };
  if (reported !== 'written' || run.plans.some((p) => p.kind === 'error')) return none;
  const diagnostics: Diagnostic[] = [];
  if (run.onlyMode) {
    const d = leftOutByOnly(run.built);
    if (options.strict) return { diagnostics: promoteWarnings([d]), forbiddenOnly: true, noCases: false };
    diagnostics.push(d);
  }
  // Never a silent pass: a run in which no case ran proves nothing (a `--grep` typo, empty files,
  // every case selected skipped: by `skip: true`, by a `--grep` that selects only skipped cases,
  // or by `only: true` on skipped expectations).
  if (run.runnable > 0) return { diagnostics, forbiddenOnly: false, noCases: false };
  const help =
    run.total > 0
      ? 'every test case selected is skipped (`skip: true`); remove `skip: true` from an expectation'
      : options.grep !== undefined
        ? `no test case name contains \`${options.grep}\`; check the text given to \`--grep\``
        : 'add expectations (`expect:`) with actions to the scenario files';
  diagnostics.push({ code: 'NO_CASES', severity: 'error', message: 'no test case ran', file: paths.join(' '), help });
  return { diagnostics, forbiddenOnly: false, noCases: true };
}

/**
 * `iamspec test`: the pipeline (runner/pipeline.ts: discover → load → build → plan) → run →
 * report (runner/report-run.ts, reporters from reports/registry.ts) → the exit code
 * (runner/exit-code.ts).
 *
 * A file that cannot be used is reported on stderr as `FILE:LINE:COL: message` with help, and as
 * an error suite in the reports; the other files still run.
 */
import type { Catalog } from '../catalog/types';
import type { RunEvent } from '../reports/events';
import { spanLocator } from '../reports/locate';
import { reporterEntry, type ReporterChoice } from '../reports/registry';
import { formatDiagnostic, positionDiagnostic, promoteWarnings, type Diagnostic } from './diagnostics';
import { EXIT_UNUSABLE, exitCode } from './exit-code';
import { describeFilters, hasFilters, type CaseFilters } from './filter';
import { leftOutByOnly, planRun, type PlannedRun } from './pipeline';
import type { Policy } from './policy/types';
import { reportRun } from './report-run';
import { checkReportTargets } from './report-targets';
import { runSuites, type Clock, type Evaluate } from './run';
import type { Shard } from './shard';

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
  /** `--principal`, `--resource`, `--action` (runner/filter.ts). Default: no filter. */
  filters?: CaseFilters;
  /** `--shard I/N` (runner/shard.ts). Default: the whole run. */
  shard?: Shard;
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
    filters: options.filters,
    shard: options.shard,
    checkPolicy: options.checkPolicy,
  });
  const print = (ds: readonly Diagnostic[], sources: Map<string, string>): void => {
    for (const d of ds) options.stderr(formatDiagnostic(positionDiagnostic(d, sources)) + '\n');
  };
  if (planned.kind === 'stopped') {
    print(planned.diagnostics, planned.sources);
    return EXIT_UNUSABLE;
  }
  options.onPlanned?.(planned.run);
  const suites = options.suites;
  const run = suites ? { ...planned.run, plans: planned.run.plans.filter((p) => suites.has(p.suite.file)) } : planned.run;
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
  const events = runSuites(run.plans, {
    evaluate: options.evaluate,
    explainAll: choices.some((c) => reporterEntry(c.name).explainsAll),
    locate,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  let failed = false;
  function* watched(): Generator<RunEvent> {
    for (const e of events) {
      if (e.kind === 'runEnd' && e.stats.failed > 0) failed = true;
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
  if (run.sharded && reported.kind === 'written') options.stdout(shardLine(run.sharded, run.total));
  const closing = closingDiagnostics(run, reported.kind, options, paths);
  print(closing.diagnostics, run.sources);
  return exitCode({
    interrupted: reported.kind === 'interrupted',
    reportUnwritable: reported.kind === 'unwritable',
    unusable: run.plans.some((p) => p.kind === 'error'),
    forbiddenOnly: closing.forbiddenOnly,
    noCases: closing.noCases,
    failed,
  });
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

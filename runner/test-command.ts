/**
 * `iamspec test`: discover → load → build → plan → run → report, and the exit code.
 *
 * Exit codes (docs/scenarios.md): 0 every case passed; 1 at least one failed; 2 some input could not be
 * used (a scenario, policy or catalog error, no scenario found, an unwritable report); 130 when
 * interrupted (no report is written then). A file that cannot be used is reported on stderr as
 * `FILE:LINE:COL: message` with help, and as an error suite in the reports; the other files
 * still run.
 */
import { resolve } from 'node:path';
import type { Catalog } from '../catalog/types';
import { consoleReporter } from '../reports/console';
import type { Reporter, RunEvent } from '../reports/events';
import { jsonReporter } from '../reports/json';
import { junitReporter } from '../reports/junit';
import { spanLocator } from '../reports/locate';
import { ReportText } from '../reports/report-text';
import { tee } from '../reports/tee';
import { dedupeDiagnostics, formatDiagnostic, hasErrors, positionDiagnostic, promoteWarnings, type Diagnostic } from './diagnostics';
import { discoverScenarios } from './load/discover';
import { MAX_CASES } from './load/limits';
import { loadScenario, sortDiagnostics, withoutFollowOns } from './load/load-scenario';
import { buildScenario } from './model/build';
import type { Scenario } from './model/types';
import type { Policy } from './policy/types';
import { checkContextKeys, planScenario, type TestCase } from './plan';
import { checkLeftOutActions } from './plan-left-out';
import { runSuites, type Clock, type Evaluate, type SuitePlan } from './run';
import { writeFileAtomic } from './write-atomic';

/** What `iamspec test` needs: options from the command line and the pieces it runs with. */
export interface TestCommandOptions {
  /** Files or folders. Default: `['cases']`. */
  paths?: string[];
  junit?: string;
  json?: string;
  /** Warnings become errors. Default: `false`. */
  strict?: boolean;
  grep?: string;
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

/** Exit code of an interrupted run (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;

/** One file after loading and building. */
interface Built {
  file: string;
  scenario?: Scenario;
  diagnostics: Diagnostic[];
}

/** Runs `iamspec test`; resolves to the exit code. */
export async function testCommand(options: TestCommandOptions): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const paths = options.paths && options.paths.length > 0 ? options.paths : ['cases'];
  const sources = new Map<string, string>();
  const printDiagnostics = (ds: readonly Diagnostic[]): void => {
    for (const d of ds) options.stderr(formatDiagnostic(positionDiagnostic(d, sources)) + '\n');
  };
  const discovered = discoverScenarios(paths, cwd);
  if (hasErrors(discovered.diagnostics) || !discovered.value) {
    printDiagnostics(discovered.diagnostics);
    return 2;
  }
  const built = discovered.value.map((file) => buildFile(file, cwd, options, sources));
  const onlyMode = built.some((b) => b.scenario?.expectations.some((e) => e.only));
  let budget = MAX_CASES;
  const plans: SuitePlan[] = built.map((b) => {
    const suite = { name: b.scenario?.name ?? b.file, file: b.file };
    let diagnostics = b.diagnostics;
    let cases: TestCase[] | undefined;
    if (b.scenario) {
      const planned = planScenario(b.scenario, options.catalog, { grep: options.grep, onlyMode, budget });
      diagnostics = [...diagnostics, ...withoutFollowOns(diagnostics, planned.diagnostics)];
      cases = planned.value;
      budget -= cases?.length ?? 0;
    }
    const positioned = capDiagnostics(sortDiagnostics(diagnostics, b.file), b.file).map((d) => positionDiagnostic(d, sources));
    if (!cases || hasErrors(diagnostics)) return { kind: 'error', suite, diagnostics: positioned };
    return { kind: 'cases', suite, cases, warnings: positioned };
  });
  const unusable = plans.some((p) => p.kind === 'error');
  for (const plan of plans) {
    if (plan.kind === 'error') for (const d of plan.diagnostics) options.stderr(formatDiagnostic(d) + '\n');
  }

  const locate = spanLocator(sources);
  const events = runSuites(plans, {
    catalog: options.catalog,
    evaluate: options.evaluate,
    explainAll: options.json !== undefined,
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
  // The reports read the events as the console does (one pass, no event kept for later); their
  // text is written once the run is complete, so an interrupted run leaves no report. Until
  // then it is kept as UTF-8 (half the size of the strings, which are mostly two-byte: `›`).
  const reports: { path: string; text: ReportText; reporter: Reporter }[] = [];
  if (options.junit !== undefined) reports.push({ path: options.junit, text: new ReportText(), reporter: junitReporter({ locate }) });
  if (options.json !== undefined) reports.push({ path: options.json, text: new ReportText(), reporter: jsonReporter({ locate }) });
  const followers = reports.map((r) => ({ reporter: r.reporter, write: (chunk: string) => r.text.write(chunk) }));
  const out = new Batcher(options.stdout);
  let n = 0;
  for (const chunk of tee(watched(), consoleReporter({ color: options.color ?? false, locate }), followers)) {
    out.write(chunk);
    if (++n % 2000 === 0) {
      out.flush();
      // Let a pending SIGINT handler run.
      await new Promise((r) => setImmediate(r));
      if (options.interrupted?.()) return EXIT_INTERRUPTED;
    }
  }
  out.flush();
  if (options.interrupted?.()) return EXIT_INTERRUPTED;
  for (const report of reports) {
    try {
      writeFileAtomic(resolve(cwd, report.path), report.text.chunks());
    } catch (e) {
      const d: Diagnostic = { code: 'REPORT_WRITE', severity: 'error', message: (e as Error).message, file: report.path, help: 'check that the folder exists or can be created, and that you may write there' };
      printDiagnostics([d]);
      return 2;
    }
  }
  if (unusable) return 2;
  if (onlyMode) {
    // Mocha's `--forbid-only`, as `--strict`: a focused run is a warning, an error under --strict.
    const d = leftOutByOnly(built);
    printDiagnostics(options.strict ? promoteWarnings([d]) : [d]);
    if (options.strict) return 2;
  }
  // Never a silent pass: a run in which no case ran proves nothing (a `--grep` typo, empty files,
  // every case selected skipped: by `skip: true`, by a `--grep` that selects only skipped cases,
  // or by `only: true` on skipped expectations).
  const selected = plans.reduce((n, p) => n + (p.kind === 'cases' ? p.cases.length : 0), 0);
  const ran = plans.reduce((n, p) => n + (p.kind === 'cases' ? p.cases.filter((c) => c.skip === undefined).length : 0), 0);
  if (ran === 0) {
    const help =
      selected > 0
        ? 'every test case selected is skipped (`skip: true`); remove `skip: true` from an expectation'
        : options.grep !== undefined
          ? `no test case name contains \`${options.grep}\`; check the text given to \`--grep\``
          : 'add expectations (`expect:`) with actions to the scenario files';
    printDiagnostics([{ code: 'NO_CASES', severity: 'error', message: 'no test case ran', file: paths.join(' '), help }]);
    return 2;
  }
  return failed ? 1 : 0;
}

/** The warning that `only: true` focused the run, with how many expectations it left out. */
function leftOutByOnly(built: readonly Built[]): Diagnostic {
  let expectations = 0;
  const files = new Set<string>();
  for (const b of built) {
    for (const e of b.scenario?.expectations ?? []) {
      if (e.only) continue;
      expectations++;
      files.add(b.file);
    }
  }
  return {
    code: 'ONLY_LEFT_OUT',
    severity: 'warning',
    message: `\`only: true\` is set: ${expectations} other expectation${expectations === 1 ? '' : 's'} in ${files.size} file${files.size === 1 ? '' : 's'} did not run`,
    span: built.flatMap((b) => b.scenario?.expectations ?? []).find((e) => e.only)!.span,
    help: 'remove `only: true` before committing, so CI runs every expectation',
  };
}

/** Loads and builds one file, with catalog checks of its policies and `--strict` promotion. */
function buildFile(file: string, cwd: string, options: TestCommandOptions, sources: Map<string, string>): Built {
  const loaded = loadScenario(file, file, { cwd });
  for (const [k, v] of loaded.sources) sources.set(k, v);
  if (!loaded.value) return { file, diagnostics: loaded.diagnostics };
  const built = buildScenario(loaded.value);
  let diagnostics = [...loaded.diagnostics, ...withoutFollowOns(loaded.diagnostics, built.diagnostics)];
  if (options.checkPolicy) {
    // A named policy attached as two kinds is parsed twice; its catalog warnings are shown once.
    const check = options.checkPolicy;
    diagnostics.push(...dedupeDiagnostics(built.policies.flatMap((p) => check(p, options.catalog))));
  }
  diagnostics.push(...checkContextKeys(built.value, options.catalog));
  diagnostics.push(...checkLeftOutActions(built.value, options.catalog));
  if (options.strict) diagnostics = promoteWarnings(diagnostics);
  return { file, scenario: built.value, diagnostics };
}

/** Most problems shown for one file; a file with more is broken in bulk (or hostile). */
export const MAX_DIAGNOSTICS_PER_FILE = 50;

/** The first {@link MAX_DIAGNOSTICS_PER_FILE} diagnostics, and one that counts the rest. */
function capDiagnostics(diagnostics: Diagnostic[], file: string): Diagnostic[] {
  if (diagnostics.length <= MAX_DIAGNOSTICS_PER_FILE) return diagnostics;
  const rest = diagnostics.length - MAX_DIAGNOSTICS_PER_FILE;
  const more: Diagnostic = {
    code: 'TOO_MANY_DIAGNOSTICS',
    severity: diagnostics.slice(MAX_DIAGNOSTICS_PER_FILE).some((d) => d.severity === 'error') ? 'error' : 'warning',
    message: `${rest.toLocaleString('en-US')} more problem${rest === 1 ? '' : 's'} in \`${file}\` not shown`,
    file,
    help: 'fix the problems above and run again',
  };
  return [...diagnostics.slice(0, MAX_DIAGNOSTICS_PER_FILE), more];
}

/** Gathers small writes into large ones (one write per case line would dominate big runs). */
class Batcher {
  private pending = '';
  constructor(private readonly sink: (text: string) => void) {}
  write(text: string): void {
    this.pending += text;
    if (this.pending.length >= 64 * 1024) this.flush();
  }
  flush(): void {
    if (this.pending !== '') this.sink(this.pending);
    this.pending = '';
  }
}

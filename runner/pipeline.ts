/**
 * The pipeline shared by the commands that run scenarios: discover → load → build → plan. It
 * returns the suite plans (runner/run.ts runs them) with the sources their spans point into, or
 * the diagnostics that stop the run before any file is planned (no scenario found).
 */
import type { Catalog } from '../catalog/types';
import { caseFilter, checkFilters, hasFilters, type CaseFilters } from './filter';
import { dedupeDiagnostics, hasErrors, positionDiagnostic, promoteWarnings, type Diagnostic } from './diagnostics';
import { discoverScenarios } from './load/discover';
import { buildFilesPooled, poolPlan, type Jobs } from './load-pool';
import { MAX_CASES } from './load/limits';
import { loadScenario, sortDiagnostics, withoutFollowOns } from './load/load-scenario';
import { buildScenario } from './model/build';
import type { Scenario } from './model/types';
import type { Policy } from './policy/types';
import { checkContextKeys, planScenario, type TestCase } from './plan';
import { checkLeftOutActions } from './plan-left-out';
import type { SuitePlan } from './run';
import { slicePlans, type Shard } from './shard';

/** What the pipeline needs. */
export interface PipelineOptions {
  paths: readonly string[];
  cwd: string;
  catalog: Catalog;
  /** Warnings become errors. */
  strict?: boolean | undefined;
  grep?: string | undefined;
  /** `--principal`, `--resource`, `--action`. Default: no filter. */
  filters?: CaseFilters | undefined;
  /** `--shard I/N`: keep the cases of one deterministic slice (runner/shard.ts). Default: all. */
  shard?: Shard | undefined;
  /** Catalog checks of a parsed policy (unknown actions, inapplicable keys): warnings. */
  checkPolicy?: ((policy: Policy, catalog: Catalog) => Diagnostic[]) | undefined;
  /**
   * `--jobs`: how many worker threads {@link planRunAsync} loads and builds files on
   * (runner/load-pool.ts); `auto` sizes the pool to the machine when the files are large enough
   * to pay for it. {@link planRun} always loads in process. Default: `1` (in process).
   */
  jobs?: Jobs | undefined;
  /** The data folder of `catalog`, which workers load. Default: the committed catalog, as `loadCatalog()` reads it. */
  catalogDir?: string | undefined;
}

/** One file after loading and building. */
export interface Built {
  file: string;
  scenario?: Scenario;
  diagnostics: Diagnostic[];
  /** Display paths of every file the loader read for it: the scenario, policy files, plans, templates. */
  inputs: string[];
}

/** The planned run. */
export interface PlannedRun {
  plans: SuitePlan[];
  built: Built[];
  /** Some expectation has `only: true`: only those run. */
  onlyMode: boolean;
  /** File texts by path, for positioning diagnostics and locating spans. */
  sources: Map<string, string>;
  /** The number of cases planned. */
  total: number;
  /** The number of planned cases that are not skipped. */
  runnable: number;
  /** With `--shard`: the shard, and the cases and runnable cases of the whole run before it sliced. */
  sharded?: { shard: Shard; total: number; runnable: number };
}

/** The plan of a run, or the diagnostics that stop it before planning. */
export type PipelineResult =
  { kind: 'planned'; run: PlannedRun } | { kind: 'stopped'; diagnostics: Diagnostic[]; sources: Map<string, string> };

/** Discovers, loads, builds and plans the scenario files under `options.paths`, in process. */
export function planRun(options: PipelineOptions): PipelineResult {
  const sources = new Map<string, string>();
  const discovered = discoverScenarios([...options.paths], options.cwd);
  if (hasErrors(discovered.diagnostics) || !discovered.value) return { kind: 'stopped', diagnostics: discovered.diagnostics, sources };
  const built = discovered.value.map((file) => buildFile(file, options, sources));
  return planBuilt(built, options, sources);
}

/**
 * {@link planRun} with the files loaded and built on a pool of worker threads when
 * `options.jobs` asks for one (runner/load-pool.ts). The result is the same as planRun's: the
 * files' Built in file order, the sources in the order planRun reads them.
 */
export async function planRunAsync(options: PipelineOptions): Promise<PipelineResult> {
  const sources = new Map<string, string>();
  const discovered = discoverScenarios([...options.paths], options.cwd);
  if (hasErrors(discovered.diagnostics) || !discovered.value) return { kind: 'stopped', diagnostics: discovered.diagnostics, sources };
  const files = discovered.value;
  const pool = poolPlan(files, options);
  if (!pool) {
    const built = files.map((file) => buildFile(file, options, sources));
    return planBuilt(built, options, sources);
  }
  const outcomes = await buildFilesPooled(files, pool, (file) => {
    const read = new Map<string, string>();
    return { built: buildFile(file, options, read), sources: [...read] };
  });
  const built = outcomes.map((o) => {
    for (const [k, v] of o.sources) sources.set(k, v);
    return o.built;
  });
  return planBuilt(built, options, sources);
}

/** Plans the built files: `only`, filters, the case budget, positioned diagnostics and `--shard`. */
function planBuilt(built: Built[], options: PipelineOptions, sources: Map<string, string>): PipelineResult {
  const onlyMode = built.some((b) => b.scenario?.expectations.some((e) => e.only));
  const filters = options.filters;
  const keep = hasFilters(filters) ? caseFilter(filters) : undefined;
  if (hasFilters(filters)) {
    const problems = checkFilters(
      filters,
      built.flatMap((b) => (b.scenario ? [b.scenario] : [])),
      options.catalog,
    );
    if (problems.length > 0) return { kind: 'stopped', diagnostics: problems, sources };
  }
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
      if (cases && keep) cases = cases.filter(keep);
    }
    const positioned = capDiagnostics(sortDiagnostics(diagnostics, b.file), b.file).map((d) => positionDiagnostic(d, sources));
    if (!cases || hasErrors(diagnostics)) return { kind: 'error', suite, diagnostics: positioned };
    return { kind: 'cases', suite, cases, warnings: positioned };
  });
  if (!options.shard) return { kind: 'planned', run: { plans, built, onlyMode, sources, ...countCases(plans) } };
  const sliced = slicePlans(plans, options.shard);
  const sharded = { shard: options.shard, ...countCases(plans) };
  return { kind: 'planned', run: { plans: sliced, built, onlyMode, sources, ...countCases(sliced), sharded } };
}

/** The cases planned, and those of them not skipped. */
function countCases(plans: readonly SuitePlan[]): { total: number; runnable: number } {
  let total = 0;
  let runnable = 0;
  for (const p of plans) {
    if (p.kind !== 'cases') continue;
    total += p.cases.length;
    runnable += p.cases.filter((c) => c.skip === undefined).length;
  }
  return { total, runnable };
}

/** The warning that `only: true` focused the run, with how many expectations it left out. */
export function leftOutByOnly(built: readonly Built[]): Diagnostic {
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

/**
 * Loads and builds one file, with catalog checks of its policies and `--strict` promotion; the
 * texts it reads are added to `sources`. Run in process or in a load worker (runner/load-worker.ts).
 */
export function buildFile(
  file: string,
  options: Pick<PipelineOptions, 'cwd' | 'catalog' | 'strict' | 'checkPolicy'>,
  sources: Map<string, string>,
): Built {
  const loaded = loadScenario(file, file, { cwd: options.cwd });
  for (const [k, v] of loaded.sources) sources.set(k, v);
  // The scenario itself even when it could not be read, so `--watch` sees it appear.
  const inputs = [...new Set([file, ...loaded.sources.keys()])];
  if (!loaded.value) return { file, diagnostics: loaded.diagnostics, inputs };
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
  return { file, scenario: built.value, diagnostics, inputs };
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

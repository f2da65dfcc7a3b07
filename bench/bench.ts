/**
 * `npm run bench` (`--quick` for a smoke run): engine throughput and latency, end-to-end
 * `iamspec test` on a generated suite with `--junit`, and cold start on the shipped `cases/`.
 * Prints a table of medians beside the targets of issue 6. A benchmark, never a timed test.
 * See bench/README.md for the workload and how to read the table.
 */
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCatalog } from '../catalog/catalog';
import { benchEngine, countDisagreements, type EngineFigures } from './engine-bench';
import { cliPath, countJunit, runNode, type ChildRun } from './processes';
import { median } from './stats';
import { writeSuite } from './suite';
import { num, renderTable, verdict, type Row } from './table';
import { benchSets, spread, SET_SIZE } from './sets-bench';
import { buildWorkload } from './workload';
import { benchPlan } from './plan-bench';
import { benchManaged } from './managed-bench';
import { writeManyFiles } from './many-files';
import { benchDiff, type DiffFigures } from './diff-bench';

/** The bench's settings; `--quick` shrinks the runs, never the engine workload. */
interface Settings {
  requests: number;
  engineRuns: number;
  warmup: number;
  e2eCases: number;
  e2eFiles: number;
  e2eRuns: number;
  coldRuns: number;
}

const full: Settings = { requests: 20_000, engineRuns: 7, warmup: 3, e2eCases: 100_000, e2eFiles: 10, e2eRuns: 3, coldRuns: 7 };
const quick: Settings = { requests: 20_000, engineRuns: 1, warmup: 1, e2eCases: 10_000, e2eFiles: 2, e2eRuns: 1, coldRuns: 2 };

/** The targets. */
const targets = {
  decisionsPerSecond: 1_000_000,
  e2eMs: 2_000,
  e2eMiB: 300,
  coldMs: 300,
  setMs: 100,
  planMs: 1_000,
  managedMs: 1_000,
  manyFilesMs: 1_000,
  jsonMs: 2_000,
  jsonMiB: 250,
};

const root = resolve(__dirname, '..', '..');
const log = (text: string): void => void process.stderr.write(`${text}\n`);

function engineRows(label: string, f: EngineFigures, target: boolean): Row[] {
  return [
    {
      measure: `engine ${label}: decisions/s`,
      figure: num(f.decisionsPerSecond),
      target: target ? `>= ${num(targets.decisionsPerSecond)}` : '',
      status: target ? verdict(f.decisionsPerSecond >= targets.decisionsPerSecond) : '',
    },
    { measure: `engine ${label}: decisions per CPU-second`, figure: num(f.decisionsPerCpuSecond), target: '', status: '' },
    {
      measure: `engine ${label}: p50 / p99 per decision`,
      figure: `${num(f.p50Micros, 2)} / ${num(f.p99Micros, 2)} µs`,
      target: '',
      status: '',
    },
  ];
}

/** The set-condition rows (issue 17): first decision (compiles the value sets) and a repeat, 3 runs each. */
function setRows(figures: readonly ReturnType<typeof benchSets>[number][]): Row[] {
  const size = `${num(SET_SIZE)} × ${num(SET_SIZE)}`;
  return figures.flatMap((f) => {
    const first = spread(f.firstMs);
    const again = spread(f.againMs);
    const range = (s: typeof first): string => `${num(s.median, 1)} ms (${num(s.min, 1)}–${num(s.max, 1)})`;
    return [
      {
        measure: `set condition ${f.label} ${size}: first decision, median (min–max of ${f.firstMs.length})`,
        figure: range(first),
        target: `<= ${targets.setMs} ms`,
        status: verdict(first.median <= targets.setMs),
      },
      {
        measure: `set condition ${f.label} ${size}: first decision CPU time, median (min–max)`,
        figure: range(spread(f.firstCpuMs)),
        target: '',
        status: '',
      },
      { measure: `set condition ${f.label} ${size}: compiled policy, median (min–max)`, figure: range(again), target: '', status: '' },
      {
        measure: `set condition ${f.label}: decision`,
        figure: f.decision,
        target: f.label.startsWith('ForAnyValue') ? 'implicitDeny' : 'allow',
        status: f.decision === (f.label.startsWith('ForAnyValue') ? 'implicitDeny' : 'allow') ? 'met' : 'FAILED',
      },
    ];
  });
}

/** Median CPU time of runs, NaN when it was not measured. */
function cpuMedian(runs: readonly ChildRun[]): number {
  return runs.every((r) => r.cpuMs !== undefined) ? median(runs.map((r) => r.cpuMs!)) : Number.NaN;
}

/** The end-to-end rows; `reportsOk` is true when every run's JUnit report had every case and no failure or error. */
function e2eRows(
  s: Settings,
  runs: ChildRun[],
  expected: number,
  junit: ReturnType<typeof countJunit> | undefined,
  reportsOk: boolean,
): Row[] {
  const wall = median(runs.map((r) => r.wallMs));
  const rss = runs.every((r) => r.maxRssMiB !== undefined) ? median(runs.map((r) => r.maxRssMiB!)) : Number.NaN;
  const exitOk = runs.every((r) => r.exitCode === 0);
  const label = `end-to-end ${num(s.e2eCases)} cases --junit`;
  const full100k = s.e2eCases >= 100_000;
  return [
    {
      measure: `${label}: wall time`,
      figure: `${num(wall)} ms`,
      target: full100k ? `< ${num(targets.e2eMs)} ms` : '',
      status: full100k ? verdict(wall < targets.e2eMs) : '',
    },
    { measure: `${label}: CPU time (user+sys)`, figure: `${num(cpuMedian(runs))} ms`, target: '', status: '' },
    {
      measure: `${label}: peak RSS`,
      figure: `${num(rss, 1)} MiB`,
      target: full100k ? `< ${targets.e2eMiB} MiB` : '',
      status: full100k ? verdict(rss < targets.e2eMiB) : '',
    },
    {
      measure: `${label}: exit code, JUnit testcases`,
      figure: `${runs.map((r) => r.exitCode).join(',')}; ${junit ? num(junit.testcases) : 'no report'}`,
      target: `0; ${num(expected)}`,
      status: exitOk && reportsOk ? 'met' : 'FAILED',
    },
  ];
}

/** Writes a suite of `cases` test cases into `dir` and runs the CLI on it `runs` times. */
function runSuite(
  dir: string,
  cases: number,
  files: number,
  runs: number,
  cli: string,
): { runs: ChildRun[]; expected: number; reportsOk: boolean; junit?: ReturnType<typeof countJunit> } {
  const suite = writeSuite(join(dir, `cases-${cases}`), { cases, files }, loadCatalog());
  const out = join(dir, `junit-${cases}.xml`);
  const done: ChildRun[] = [];
  let junit: ReturnType<typeof countJunit> | undefined;
  let reportsOk = true;
  for (let i = 0; i < runs; i++) {
    rmSync(out, { force: true });
    const r = runNode([cli, 'test', suite.dir, '--junit', out], root);
    done.push(r);
    log(
      `  ${num(cases)} cases, run ${i + 1}: ${num(r.wallMs)} ms wall, ${num(r.cpuMs ?? Number.NaN)} ms CPU, ${num(r.maxRssMiB ?? Number.NaN, 1)} MiB, exit ${r.exitCode}`,
    );
    if (r.exitCode !== 0) log(r.stderr.slice(0, 2000));
    junit = existsSync(out) ? countJunit(out) : undefined;
    reportsOk &&= junit !== undefined && junit.testcases === suite.cases && junit.failures === 0 && junit.errors === 0;
  }
  return { runs: done, expected: suite.cases, reportsOk, ...(junit ? { junit } : {}) };
}

function benchE2e(s: Settings, cli: string): Row[] {
  const dir = mkdtempSync(join(tmpdir(), 'iamspec-bench-'));
  try {
    const big = runSuite(dir, s.e2eCases, s.e2eFiles, s.e2eRuns, cli);
    const rows = e2eRows(s, big.runs, big.expected, big.junit, big.reportsOk);
    if (s.e2eCases >= 100_000) {
      // Linearity: the same suite shape at a tenth of the size. Cost that grows linearly leaves the
      // CPU time per 1,000 cases beyond the first 10,000 close to that of the first 10,000 minus startup.
      const small = runSuite(dir, s.e2eCases / 10, s.e2eFiles, s.e2eRuns, cli);
      const cpuSmall = cpuMedian(small.runs);
      const cpuBig = cpuMedian(big.runs);
      rows.push({
        measure: `end-to-end scaling: CPU ms for ${num(s.e2eCases / 10)} / ${num(s.e2eCases)} cases`,
        figure: `${num(cpuSmall)} / ${num(cpuBig)} ms`,
        target: '',
        status: '',
      });
      rows.push({
        measure: `end-to-end scaling: CPU ms per 1,000 cases beyond ${num(s.e2eCases / 10)}`,
        figure: `${num((cpuBig - cpuSmall) / ((s.e2eCases * 0.9) / 1000), 1)} ms`,
        target: '',
        status: small.reportsOk && small.runs.every((r) => r.exitCode === 0) ? '' : 'FAILED',
      });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function benchCold(s: Settings, cli: string): Row[] {
  // One unmeasured run first, so every measured run finds the files in the page cache.
  runNode([cli, 'test', 'cases'], root);
  const runs = Array.from({ length: s.coldRuns }, () => runNode([cli, 'test', 'cases'], root));
  const ms = median(runs.map((r) => r.wallMs));
  const codes = [...new Set(runs.map((r) => r.exitCode))].join(',');
  return [
    {
      measure: `cold start: test cases (${s.coldRuns} runs)`,
      figure: `${num(ms)} ms`,
      target: `< ${targets.coldMs} ms`,
      status: verdict(ms < targets.coldMs),
    },
    { measure: 'cold start: CPU time (user+sys)', figure: `${num(cpuMedian(runs))} ms`, target: '', status: '' },
    { measure: 'cold start: exit code of test cases', figure: codes, target: '0', status: codes === '0' ? 'met' : 'FAILED' },
  ];
}

/** Issue 13: loading a scenario that takes a role, its policies and a policy from a 5 MB plan; `runs` runs. */
function planRows(runCount: number): Row[] {
  const dir = mkdtempSync(join(tmpdir(), 'iamspec-bench-plan-'));
  try {
    const r = benchPlan(dir, runCount);
    const wall = spread(r.runs.map((x) => x.wallMs));
    const errors = r.runs.reduce((n, x) => n + x.errors, 0);
    return [
      {
        measure: `Terraform plan ${num(r.bytes / 1024 / 1024, 1)} MB (${num(r.roles)} roles): load + build, median (min–max of ${runCount})`,
        figure: `${num(wall.median, 1)} ms (${num(wall.min, 1)}–${num(wall.max, 1)})`,
        target: `< ${num(targets.planMs)} ms`,
        status: verdict(wall.median < targets.planMs),
      },
      { measure: 'Terraform plan: CPU time, median', figure: `${num(median(r.runs.map((x) => x.cpuMs)), 1)} ms`, target: '', status: '' },
      {
        measure: 'Terraform plan: input errors or missing policies',
        figure: String(errors),
        target: '0',
        status: errors === 0 ? 'met' : 'FAILED',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Issue 17: every AWS managed policy parsed and checked against the catalog; `runCount` runs. */
function managedRows(runCount: number): Row[] {
  const r = benchManaged(runCount);
  const wall = spread(r.runs.map((x) => x.totalMs));
  const failed = r.runs.reduce((n, x) => n + x.failed, 0);
  return [
    {
      measure: `AWS managed policies (${num(r.policies)}, ${num(r.bytes / 1024 / 1024, 1)} MB of JSON): parse + catalog check, median (min–max of ${runCount})`,
      figure: `${num(wall.median, 0)} ms (${num(wall.min, 0)}–${num(wall.max, 0)})`,
      target: `≤ ${num(targets.managedMs)} ms`,
      status: verdict(wall.median <= targets.managedMs),
    },
    {
      measure: 'AWS managed policies: parse alone, median',
      figure: `${num(median(r.runs.map((x) => x.parseMs)), 0)} ms`,
      target: '',
      status: '',
    },
    {
      measure: 'AWS managed policies: CPU time, median',
      figure: `${num(median(r.runs.map((x) => x.cpuMs)), 0)} ms`,
      target: '',
      status: '',
    },
    { measure: 'AWS managed policies that did not parse', figure: String(failed), target: '0', status: failed === 0 ? 'met' : 'FAILED' },
  ];
}

/** The figure rows of child runs: wall time against a target, CPU time, peak RSS (against a target when given), exit codes. */
function childRows(label: string, runs: ChildRun[], wallTarget: number, rssTarget: number | undefined, ok: boolean, okText: string): Row[] {
  const wall = spread(runs.map((r) => r.wallMs));
  const rss = runs.every((r) => r.maxRssMiB !== undefined) ? median(runs.map((r) => r.maxRssMiB!)) : Number.NaN;
  return [
    {
      measure: `${label}: wall time, median (min–max of ${runs.length})`,
      figure: `${num(wall.median)} ms (${num(wall.min)}–${num(wall.max)})`,
      target: `≤ ${num(wallTarget)} ms`,
      status: verdict(wall.median <= wallTarget),
    },
    { measure: `${label}: CPU time (user+sys)`, figure: `${num(cpuMedian(runs))} ms`, target: '', status: '' },
    {
      measure: `${label}: peak RSS`,
      figure: `${num(rss, 1)} MiB`,
      target: rssTarget === undefined ? '' : `≤ ${rssTarget} MiB`,
      status: rssTarget === undefined ? '' : verdict(rss <= rssTarget),
    },
    {
      measure: `${label}: exit codes; report`,
      figure: `${runs.map((r) => r.exitCode).join(',')}; ${okText}`,
      target: '0',
      status: ok ? 'met' : 'FAILED',
    },
  ];
}

/**
 * Issue 17: 20,020 requests written one per expectation in 91 files (about 10 MB of YAML), `--junit`,
 * loaded on a pool of 2 workers (`--jobs 2`, runner/load-pool.ts; `auto` loads in process on
 * fewer than 3 cores) and in process (`--jobs 1`), the runs of the two interleaved so both see the
 * same load.
 */
function manyFilesRows(runCount: number, cli: string): Row[] {
  const dir = mkdtempSync(join(tmpdir(), 'iamspec-bench-files-'));
  try {
    const suite = writeManyFiles(join(dir, 'suite'));
    const out = join(dir, 'junit.xml');
    const variants = [
      { jobs: '2', runs: [] as ChildRun[], ok: true, count: 'no report' },
      { jobs: '1', runs: [] as ChildRun[], ok: true, count: 'no report' },
    ];
    for (let i = 0; i < runCount; i++) {
      for (const v of variants) {
        rmSync(out, { force: true });
        const r = runNode([cli, 'test', join(dir, 'suite'), '--junit', out, '--jobs', v.jobs], root);
        v.runs.push(r);
        const junit = existsSync(out) ? countJunit(out) : undefined;
        v.count = junit ? `${num(junit.testcases)} testcases` : 'no report';
        v.ok &&= r.exitCode === 0 && junit !== undefined && junit.testcases === suite.requests && junit.failures === 0;
      }
    }
    const label = `${num(suite.requests)} requests in ${suite.files} files (${num(suite.bytes / 1024 / 1024, 1)} MB) --junit`;
    return variants.flatMap((v) => childRows(`${label} --jobs ${v.jobs}`, v.runs, targets.manyFilesMs, undefined, v.ok, v.count));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Issue 17: the 100,000-case end-to-end suite with `--json` (every case explained; the statement
 * trace only for failures, so none here). The report must hold every case, one line each.
 */
function jsonRows(s: Settings, runCount: number, cli: string): Row[] {
  const dir = mkdtempSync(join(tmpdir(), 'iamspec-bench-json-'));
  try {
    const suite = writeSuite(join(dir, 'suite'), { cases: s.e2eCases, files: s.e2eFiles }, loadCatalog());
    const out = join(dir, 'report.json');
    const runs: ChildRun[] = [];
    let ok = true;
    let count = 'no report';
    for (let i = 0; i < runCount; i++) {
      rmSync(out, { force: true });
      const r = runNode([cli, 'test', suite.dir, '--json', out], root);
      runs.push(r);
      // Report version 2 writes each case as compact JSON on one line.
      const cases = existsSync(out) ? countOccurrences(out, '"outcome":"pass"') : undefined;
      count = cases === undefined ? 'no report' : `${num(cases)} passing cases, ${num(statSync(out).size / 1024 / 1024, 1)} MiB`;
      ok &&= r.exitCode === 0 && cases === suite.cases;
    }
    const full = s.e2eCases >= 100_000;
    return childRows(
      `${num(suite.cases)} cases --json`,
      runs,
      full ? targets.jsonMs : Infinity,
      full ? targets.jsonMiB : undefined,
      ok,
      count,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Occurrences of `needle` in a file, read in 1 MiB pieces (a report may be hundreds of MB). */
function countOccurrences(file: string, needle: string): number {
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(1024 * 1024);
  let n = 0;
  let carry = '';
  try {
    for (let read; (read = readSync(fd, buffer, 0, buffer.length, null)) > 0;) {
      const text = carry + buffer.toString('latin1', 0, read);
      for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) n++;
      carry = text.slice(Math.max(0, text.length - needle.length + 1));
    }
  } finally {
    closeSync(fd);
  }
  return n;
}

/** Issue 15: `iamspec diff` on a small and a 40-statement pair; `runs` runs each. */
function diffRows(figures: readonly DiffFigures[]): Row[] {
  return figures.map((f) => {
    const s = spread(f.ms);
    return {
      measure: `diff ${f.label}: median (min–max of ${f.ms.length}); verdict`,
      figure: `${num(s.median, 1)} ms (${num(s.min, 1)}–${num(s.max, 1)}); ${f.verdict}, ${num(f.regions)} regions`,
      target: '',
      status: f.verdict === 'unknown' ? 'FAILED' : '',
    };
  });
}

/** The parts of the bench, for `--only PART`. */
const parts = ['engine', 'e2e', 'cold', 'sets', 'plan', 'managed', 'files', 'json', 'diff'] as const;

function main(argv: readonly string[]): number {
  const isQuick = argv.includes('--quick');
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? argv[onlyAt + 1] : undefined;
  if (only !== undefined && !(parts as readonly string[]).includes(only))
    throw new Error(`unknown part \`${only}\`: expected one of ${parts.join(', ')}`);
  const runs = (part: (typeof parts)[number]): boolean => only === undefined || only === part;
  const s = isQuick ? quick : full;
  const cli = cliPath(root);
  if (!existsSync(cli)) throw new Error(`\`${cli}\` is missing: run \`npm run build\` first`);
  const load = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  log(
    `iamspec bench (${isQuick ? 'quick' : 'full'}): node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average ${load}`,
  );
  const rows: Row[] = [];
  let note = '';
  if (runs('engine')) {
    const catalog = loadCatalog();
    const work = buildWorkload(catalog, s.requests);
    log(`  engine: ${num(work.length)} requests…`);
    const fast = benchEngine(work, { runs: s.engineRuns, warmup: s.warmup });
    const slow = benchEngine(work, { runs: Math.max(1, Math.min(5, s.engineRuns)), warmup: s.warmup, explain: true });
    const disagreements = countDisagreements(work);
    rows.push(...engineRows('fast path', fast, true), ...engineRows('explain: true', slow, false));
    rows.push({
      measure: 'engine: fast and explaining paths disagree',
      figure: `${disagreements} requests`,
      target: '0',
      status: disagreements === 0 ? 'met' : 'FAILED',
    });
    const m = fast.mix;
    note =
      `engine workload: ${num(work.length)} requests, decisions ${num(m.allow)} allow / ${num(m.implicitDeny)} implicitDeny / ${num(m.explicitDeny)} explicitDeny; ` +
      `${fast.runs} measured runs after ${s.warmup} warm-up passes\n`;
  }
  if (runs('sets')) {
    log(`  set conditions: ${num(SET_SIZE)} × ${num(SET_SIZE)}…`);
    rows.push(...setRows(benchSets(loadCatalog(), 3)));
  }
  if (runs('plan')) {
    log('  Terraform plan of 5 MB…');
    rows.push(...planRows(5));
  }
  if (runs('managed')) {
    log('  AWS managed policies…');
    rows.push(...managedRows(5));
  }
  if (runs('files')) {
    log('  many files: 20,020 requests in 91 files…');
    rows.push(...manyFilesRows(isQuick ? 1 : 3, cli));
  }
  if (runs('json')) {
    log(`  ${num(s.e2eCases)} cases with --json…`);
    rows.push(...jsonRows(s, isQuick ? 1 : 3, cli));
  }
  if (runs('diff')) {
    log('  iamspec diff…');
    rows.push(...diffRows(benchDiff(loadCatalog(), isQuick ? 3 : 10)));
  }
  if (runs('e2e')) {
    log('  end-to-end…');
    rows.push(...benchE2e(s, cli));
  }
  if (runs('cold')) {
    log('  cold start…');
    rows.push(...benchCold(s, cli));
  }
  process.stdout.write(`\n${renderTable(rows)}\n${note}`);
  if (isQuick) process.stdout.write('quick run: one run per figure, 10,000 end-to-end cases; figures are indicative only\n');
  return rows.some((r) => r.status === 'FAILED') ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));

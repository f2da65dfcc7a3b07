/**
 * Helpers for the hostile-input tests: build the CLI once, spawn it on a temporary project, time
 * it, and assert that a failure is clean (exit code, positioned message, no stack trace, bounded
 * time). Big, binary and deeply nested inputs are generated here at test time, never committed.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The repository root. */
export const repoRoot = resolve(__dirname, '..', '..');

/** The built command (`npm run build` output). */
export const cliPath = join(repoRoot, 'dist', 'runner', 'cli.js');

/**
 * `IAMSPEC_KNOWN_BUGS=1` runs the tests marked `KNOWN BUG` instead of skipping them, to check a
 * fix (they fail until then).
 */
export const runKnownBugs = process.env.IAMSPEC_KNOWN_BUGS === '1';

/**
 * Hang guard: how long a spawned run may take before it is killed and counted as a hang. It only
 * catches runaway work (an unbounded loop, an expansion with no limit), which the input limits
 * bound; it is not a speed measurement, which has no place in `npm test` on a shared machine.
 */
export const HANG_MS = 60_000;

/** Newest modification time of the compiled sources under `dir` (tests and testdata excluded). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'testdata' || entry.name === 'refresh' || entry.name === 'node_modules') continue;
      newest = Math.max(newest, newestSource(path));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

let built = false;

/**
 * Runs `npm run build` unless `dist/runner/cli.js` is newer than every source it is built from.
 * Once per mocha process. A type error in a file another engineer is still writing does not stop
 * tsc from emitting, so only a missing `cli.js` fails the hook.
 */
export function ensureBuilt(): void {
  if (built) return;
  let distTime = 0;
  try {
    distTime = statSync(cliPath).mtimeMs;
  } catch {
    // not built yet
  }
  const sourceTime = Math.max(...['runner', 'catalog', 'reports'].map((d) => newestSource(join(repoRoot, d))));
  if (distTime < sourceTime) {
    const result = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, encoding: 'utf8', timeout: 180_000 });
    if (result.error) throw result.error;
  }
  expect(statSync(cliPath).isFile(), `${cliPath} after npm run build`).to.equal(true);
  built = true;
}

/** The outcome of one spawned CLI run. */
export interface CliRun {
  /** Exit code; null when killed. */
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time of the spawn, node start-up included. */
  ms: number;
  /** True when the run had to be killed after its time limit. */
  hung: boolean;
  /** The time limit the run had, in milliseconds. */
  limitMs?: number;
}

/** The environment a spawned run gets: this one without colors, and without GitHub Actions' variables (a test sets them when it means to). */
export function cliEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.GITHUB_ACTIONS;
  delete env.GITHUB_STEP_SUMMARY;
  return { ...env, ...extra };
}

/** Runs `node dist/runner/cli.js ARGS` in `cwd`, timed with `process.hrtime`, killed if it hangs. */
export function runCli(
  args: readonly string[],
  cwd: string,
  timeoutMs: number = HANG_MS,
  env: Readonly<Record<string, string>> = {},
): CliRun {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 256 * 1024 * 1024,
    env: cliEnv(env),
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const hung = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return {
    status: result.status,
    signal: result.signal,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    ms,
    hung,
    limitMs: timeoutMs,
  };
}

/** What a clean failure looks like. */
export interface WantFailure {
  /** Default: 2. */
  exit?: number;
  /** `FILE:LINE:COL` or, for file-level problems, `FILE`; a pattern when the column is not the point. */
  at: string | RegExp;
  /** The diagnostic code printed in brackets after the message. */
  code: string;
  /** Text the message must contain. */
  message?: string;
  /** Text the help line must contain. */
  help?: string;
}

/**
 * Asserts exit code, a `FILE[:LINE:COL]: error: ... [CODE]` line on stderr, no stack trace, no
 * internal error, and no hang ({@link HANG_MS}). The work is bounded by the input limits, not by
 * a wall-clock assertion.
 */
export function expectCleanFailure(run: CliRun, want: WantFailure): void {
  const context = `stderr:\n${run.stderr.slice(0, 2000)}`;
  expect(run.hung, `the run hung (killed after ${run.limitMs ?? HANG_MS} ms)`).to.equal(false);
  expectNoStack(run);
  expect(run.status, context).to.equal(want.exit ?? 2);
  const lines = run.stderr.split('\n');
  const at = typeof want.at === 'string' ? escapeRegExp(want.at) : want.at.source;
  const line = new RegExp(`^${at}: error: .*\\[${want.code}\\]$`);
  const index = lines.findIndex((l) => line.test(l));
  expect(index, `a line matching ${line} in ${context}`).to.be.at.least(0);
  if (want.message !== undefined) expect(lines[index], context).to.contain(want.message);
  if (want.help !== undefined)
    expect(lines[index + 1] ?? '', context)
      .to.match(/^ {2}help: /)
      .and.contain(want.help);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** No stack frame and no internal-error banner on either stream. */
export function expectNoStack(run: CliRun): void {
  for (const text of [run.stdout, run.stderr]) {
    expect(text).to.not.match(/^ {4}at /m);
    expect(text).to.not.contain('internal error');
  }
}

/** A fresh temporary folder; the caller removes it with {@link removeTemp}. */
export function makeTemp(label: string): string {
  return mkdtempSync(join(tmpdir(), `iamspec-hostile-${label}-`));
}

/** Removes a folder made by {@link makeTemp}. */
export function removeTemp(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Writes each `path → content` under `dir`, creating folders. */
export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** Every file name under `dir`, recursively, relative to it and sorted. */
export function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...listFiles(dir, path));
    else out.push(path);
  }
  return out.sort();
}

/** A small valid scenario: one role, one secret, one expectation that passes. */
export function baseScenario(overrides: { vars?: string; arn?: string; policyRef?: string; extra?: string } = {}): string {
  return [
    'name: base',
    'vars:',
    overrides.vars ?? '  account: "111122223333"',
    'policies:',
    '  read:',
    overrides.policyRef ??
      '    Version: "2012-10-17"\n    Statement: [{ Effect: Allow, Action: secretsmanager:GetSecretValue, Resource: "*" }]',
    'principals:',
    '  app:',
    `    arn: ${overrides.arn ?? 'arn:aws:iam::${account}:role/app'}`,
    '    policies: [read]',
    'resources:',
    '  db:',
    '    arn: arn:aws:secretsmanager:us-east-1:${account}:secret:db-AbCdEf',
    'expect:',
    '  - principal: app',
    '    resource: db',
    '    allow: [secretsmanager:GetSecretValue]',
    overrides.extra ?? '',
  ].join('\n');
}

/**
 * A scenario whose one expectation is a `principals × resources` matrix over `items`:
 * `principals` roles allowed `secretsmanager:*`, `resources` secrets.
 */
export function matrixScenario(principals: number, resources: number, items: string): string {
  const out = [
    'policies:',
    '  all:',
    '    Version: "2012-10-17"',
    '    Statement: [{ Effect: Allow, Action: "secretsmanager:*", Resource: "*" }]',
    'principals:',
  ];
  for (let i = 0; i < principals; i++) out.push(`  p${i}:`, `    arn: arn:aws:iam::111122223333:role/r${i}`, '    policies: [all]');
  out.push('resources:');
  for (let i = 0; i < resources; i++) out.push(`  s${i}:`, `    arn: arn:aws:secretsmanager:us-east-1:111122223333:secret:s${i}-AbCdEf`);
  out.push('expect:');
  out.push(`  - principal: [${Array.from({ length: principals }, (_, i) => `p${i}`).join(', ')}]`);
  out.push(`    resource: [${Array.from({ length: resources }, (_, i) => `s${i}`).join(', ')}]`);
  out.push(`    allow: ${items}`);
  return out.join('\n') + '\n';
}

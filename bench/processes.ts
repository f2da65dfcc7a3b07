/**
 * The end-to-end and cold-start measurements: the built CLI run as a child process, as CI runs it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { elapsedNs } from './stats';

/** One child run. */
export interface ChildRun {
  exitCode: number | null;
  wallMs: number;
  /** Peak resident set size in MiB; undefined when it could not be measured. */
  maxRssMiB?: number;
  /** The child's stderr (without the resource report), for failures. */
  stderr: string;
}

const gnuTime = '/usr/bin/time';

/**
 * Runs `node ARGS` in `cwd`, its stdout discarded. Peak memory comes from GNU time's
 * "Maximum resident set size" when `/usr/bin/time` exists, else from a wrapper script that runs
 * the CLI in-process and prints `process.resourceUsage().maxRSS` at exit.
 */
export function runNode(args: string[], cwd: string, measureMemory: boolean): ChildRun {
  let command = process.execPath;
  let argv = args;
  const useTime = measureMemory && existsSync(gnuTime);
  if (useTime) {
    command = gnuTime;
    argv = ['-v', process.execPath, ...args];
  } else if (measureMemory) {
    // Fallback: load the CLI in this wrapper and report maxRSS (KiB) on exit.
    const wrapper = `process.on('exit', () => process.stderr.write('\\nMaximum resident set size (kbytes): ' + process.resourceUsage().maxRSS + '\\n')); process.argv.splice(1, 1); require(process.argv[1]);`;
    argv = ['-e', wrapper, '--', ...args];
  }
  const start = process.hrtime.bigint();
  const r = spawnSync(command, argv, { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = elapsedNs(start) / 1e6;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '');
  // GNU time's report starts with "Command being timed"; keep only the child's own stderr.
  const stderr = (r.stderr ?? '').split(/\n\s*Command being timed:|\nMaximum resident set size/)[0];
  return { exitCode: r.status, wallMs, ...(rss ? { maxRssMiB: Number(rss[1]) / 1024 } : {}), stderr };
}

/** Counts `<testcase` elements and those holding a failure or an error in a JUnit file. */
export function countJunit(file: string): { testcases: number; failures: number; errors: number } {
  const xml = readFileSync(file, 'utf8');
  const count = (needle: string): number => {
    let n = 0;
    for (let i = xml.indexOf(needle); i >= 0; i = xml.indexOf(needle, i + needle.length)) n++;
    return n;
  };
  return { testcases: count('<testcase '), failures: count('<failure '), errors: count('<error ') };
}

/** The built CLI's path under the repository root. */
export function cliPath(root: string): string {
  return join(root, 'dist', 'runner', 'cli.js');
}

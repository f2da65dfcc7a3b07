/**
 * The end-to-end and cold-start measurements: the built CLI run as a child process, as CI runs it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { elapsedNs } from './stats';

/** One child run. */
export interface ChildRun {
  exitCode: number | null;
  wallMs: number;
  /** Peak resident set size in MiB; undefined when it could not be measured. */
  maxRssMiB?: number;
  /**
   * User plus system CPU time in ms (GNU time only): unlike wall time, barely affected by other
   * processes competing for the CPUs.
   */
  cpuMs?: number;
  /** The child's stderr (without the resource report), for failures. */
  stderr: string;
}

const gnuTime = '/usr/bin/time';

/**
 * Runs `node ARGS` in `cwd`, its stdout discarded. Peak memory and CPU time come from GNU time
 * (`/usr/bin/time -v`: "Maximum resident set size", "User time", "System time") when it exists;
 * else peak memory comes from a wrapper script that runs the CLI in-process and prints
 * `process.resourceUsage().maxRSS` at exit, and CPU time is not measured.
 */
export function runNode(args: string[], cwd: string, useGnuTime: boolean = existsSync(gnuTime)): ChildRun {
  let command = process.execPath;
  let argv: string[];
  if (useGnuTime) {
    command = gnuTime;
    argv = ['-v', process.execPath, ...args];
  } else {
    // The CLI runs only as the main module, so a preloaded script reports maxRSS (KiB) at exit.
    argv = ['--require', maxRssPreload(), ...args];
  }
  const start = process.hrtime.bigint();
  const r = spawnSync(command, argv, { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = elapsedNs(start) / 1e6;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '');
  const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr ?? '');
  const sys = /System time \(seconds\): ([\d.]+)/.exec(r.stderr ?? '');
  const cpu = user && sys ? { cpuMs: (Number(user[1]) + Number(sys[1])) * 1000 } : {};
  // GNU time's report starts with "Command being timed"; keep only the child's own stderr.
  const stderr = (r.stderr ?? '').split(/(?:^|\n)\s*Command being timed:|\nMaximum resident set size/)[0];
  return { exitCode: r.status, wallMs, ...(rss ? { maxRssMiB: Number(rss[1]) / 1024 } : {}), ...cpu, stderr };
}

/** Writes (once) the preload script of the fallback and returns its path. */
function maxRssPreload(): string {
  const file = join(tmpdir(), 'iamspec-bench-maxrss.js');
  if (!existsSync(file)) {
    writeFileSync(
      file,
      "process.on('exit', () => process.stderr.write('\\nMaximum resident set size (kbytes): ' + process.resourceUsage().maxRSS + '\\n'));\n",
    );
  }
  return file;
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

/**
 * What every command definition of the `iamspec` command line shares: where it writes, the catalog
 * (loaded once, on first use), the exit code it sets, and the option parsers two commands use.
 *
 * Each command's module is required when the command runs, not when the command line is built:
 * `iamspec --version` or `iamspec catalog` does not load the runner, and `iamspec test` does not
 * load `check`, `diff`, `matrix` or the file watcher.
 */
import { InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Catalog } from '../../catalog/types';
import { parseJobs, type Jobs } from '../load-pool';

/** Where the command writes, and what it reads from its environment. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Default: `process.cwd()`. */
  cwd?: string;
  /** Colors when not given `--no-color`. Default: stdout is a TTY and `NO_COLOR` is unset. */
  colorDefault?: boolean;
  /** Polled during a run; true stops it (SIGINT). */
  interrupted?: () => boolean;
  /** The environment read for GitHub Actions (`GITHUB_ACTIONS`, `GITHUB_STEP_SUMMARY`). Default: none. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Aborted by SIGINT: ends `--watch`. Default: `--watch` runs until the process ends. */
  stop?: AbortSignal;
  /** Clears the terminal before a `--watch` rerun. Default: nothing is cleared. */
  clearScreen?: () => void;
}

/** What a command's action reads and sets. */
export interface CliContext {
  io: CliIo;
  /** The catalog, loaded on first use and shared. */
  catalog: () => Catalog;
  /** Sets the process's exit code (the last command run sets it). */
  exit: (code: number) => void;
}

/** The package version, from the nearest package.json above this file (source or `dist/`). */
export function packageVersion(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    try {
      return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      if (dirname(dir) === dir) return 'unknown';
    }
  }
}

/** A repeatable option's values, in the order given. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The help of `--jobs` (`iamspec test` and `iamspec matrix`). */
export const jobsHelp =
  'load and build the scenario files on N worker threads; `1` loads them in process; `auto`: min(cores, files, 8) workers when the files hold 1 MB or more on 3 cores or more, else in process';

/** `--jobs`: a whole number from 1, or `auto`; anything else is a usage error (exit 2). */
export function parseJobsOption(value: string): Jobs {
  const parsed = parseJobs(value);
  if ('error' in parsed) throw new InvalidArgumentError(parsed.error);
  return parsed.value;
}

/**
 * `--coverage-threshold`: a number from 0 to 100 (`80`, `92.5`); anything else is a usage error
 * (exit 2), never a threshold silently read as 0.
 */
export function parsePercent(value: string): number {
  const n = /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  if (!(n >= 0 && n <= 100)) throw new InvalidArgumentError('expected a percent from 0 to 100, such as `80`');
  return n;
}

/** Writes a command's result and sets its exit code (commands that return their output). */
export function finish(ctx: CliContext, result: { stdout?: string; stderr?: string; exitCode: number }): void {
  if (result.stdout) ctx.io.stdout(result.stdout);
  if (result.stderr) ctx.io.stderr(result.stderr);
  ctx.exit(result.exitCode);
}

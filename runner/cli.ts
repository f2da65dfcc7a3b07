#!/usr/bin/env node
/**
 * The `iamspec` command: argv → options → one command (`test` once or `--watch`, `check`, `matrix`, `merge`, `catalog`,
 * `init`, `diff`), and the exit code.
 *
 * Exit codes: 0 all passed; 1 a test case failed; 2 the input or the command line could not be
 * used; 130 interrupted (SIGINT; 143 SIGTERM, 129 SIGHUP; no report written); 70 an internal error (a bug: the stack is
 * printed). User mistakes never throw; an exception reaching this level is a bug.
 */
import { Command, CommanderError } from 'commander';
import { loadCatalog } from '../catalog/catalog';
import type { Catalog } from '../catalog/types';
import { defineCheck } from './cli-commands/check';
import { packageVersion, type CliContext, type CliIo } from './cli-commands/context';
import { defineDiff } from './cli-commands/diff';
import { defineMatrix } from './cli-commands/matrix';
import { defineCatalog, defineInit, defineMerge } from './cli-commands/small';
import { defineTest } from './cli-commands/test';
import { describeFsError } from './fs-errors';
import { removePendingTemp } from './write-atomic';

export type { CliIo } from './cli-commands/context';

/** Exit code of an internal error (BSD's EX_SOFTWARE). */
export const EXIT_INTERNAL = 70;

/**
 * Runs the command line `argv` (without the node and script paths); resolves to the exit code.
 * Each command is defined in runner/cli-commands/, and its module is loaded when it runs.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  let catalog: Catalog | undefined;
  const ctx: CliContext = { io, catalog: () => (catalog ??= loadCatalog()), exit: (code) => void (exitCode = code) };
  const program = new Command('iamspec')
    .description('offline AWS IAM policy tests: YAML scenarios, our own evaluation engine, JUnit reports')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run `iamspec --help` for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const define of [defineTest, defineMatrix, defineCheck, defineMerge, defineCatalog, defineInit, defineDiff]) define(program, ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // Asked-for help (`--help`, `help`, `help test`) and version are successes; every other
      // parse error is a usage error, a missing subcommand included: commander prints the help to
      // stderr for it with `commander.help` and exit code 1, where `iamspec help` has 0.
      const asked =
        e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || (e.code === 'commander.help' && e.exitCode === 0);
      return asked ? 0 : 2;
    }
    throw e;
  }
  return exitCode;
}

/** The signals that stop a run (Ctrl-C; CI's cancel sends SIGTERM, a closed terminal SIGHUP), with their numbers. */
const stopSignals = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

/** The process entry point: signal handling, the top-level catch, the exit code. */
async function run(): Promise<void> {
  // Every stop signal is handled as SIGINT is: the run stops at its next batch of cases without
  // writing reports, and a report being written finishes (the write is synchronous) rather than
  // leaving its temporary file behind; the exit code is 128 + the signal's number. A second
  // signal stops at once, removing the temporary file if one is being written.
  let stoppedBy: number | undefined;
  for (const [name, number] of Object.entries(stopSignals)) {
    process.on(name, () => {
      if (stoppedBy !== undefined) {
        removePendingTemp();
        process.exit(128 + stoppedBy);
      }
      stoppedBy = number;
    });
  }
  // A reader that goes away (`iamspec test | head`) is not an error: stop writing to it, and
  // still finish the run and its reports. Any other failure to write (a full device) is an
  // unusable output: one clear line on stderr and exit 2, never a stack.
  let stdoutOpen = true;
  let stderrOpen = true;
  let outputFailed = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    stdoutOpen = false;
    if (e.code === 'EPIPE') return;
    outputFailed = true;
    if (stderrOpen) process.stderr.write(`iamspec: error: cannot write to stdout: ${describeFsError(e)} [OUTPUT_WRITE]\n`);
  });
  process.stderr.on('error', (e: NodeJS.ErrnoException) => {
    stderrOpen = false;
    if (e.code !== 'EPIPE') outputFailed = true;
  });
  const stop = new AbortController();
  for (const name of Object.keys(stopSignals)) process.on(name, () => stop.abort());
  const io: CliIo = {
    stop: stop.signal,
    // Erase the screen and its scrollback, cursor home (ECMA-48 ED 2 and 3, CUP), as mocha's --watch.
    ...(process.stdout.isTTY === true ? { clearScreen: () => void (stdoutOpen && process.stdout.write('\x1b[2J\x1b[3J\x1b[H')) } : {}),
    stdout: (t) => void (stdoutOpen && process.stdout.write(t)),
    stderr: (t) => void (stderrOpen && process.stderr.write(t)),
    colorDefault: process.stdout.isTTY === true && !('NO_COLOR' in process.env && process.env.NO_COLOR !== ''),
    interrupted: () => stoppedBy !== undefined,
    env: process.env,
  };
  try {
    const code = await main(process.argv.slice(2), io);
    // A failed write to stdout is emitted on a later tick than the write (a file such as /dev/full
    // fails synchronously, its 'error' comes on the next tick): let it arrive before the exit code.
    await new Promise((done) => setImmediate(done));
    process.exitCode = stoppedBy !== undefined ? 128 + stoppedBy : outputFailed ? 2 : code;
  } catch (e) {
    process.stderr.write(`iamspec: internal error (a bug; please report it):\n${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = EXIT_INTERNAL;
  }
}

if (require.main === module) void run();

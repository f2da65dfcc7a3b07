#!/usr/bin/env node
/**
 * The `iamspec` command: argv → options → `iamspec test` (once, or `--watch`), `iamspec catalog` or
 * `iamspec merge`, and the exit code.
 *
 * Exit codes: 0 all passed; 1 a test case failed; 2 the input or the command line could not be
 * used; 130 interrupted (SIGINT; 143 SIGTERM, 129 SIGHUP; no report written); 70 an internal error (a bug: the stack is
 * printed). User mistakes never throw; an exception reaching this level is a bug.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadCatalog } from '../catalog/catalog';
import type { Catalog } from '../catalog/types';
import { catalogCommand } from './catalog-command';
import { evaluate } from './engine/evaluate';
import { fileReporterNames, reporterEntry, type ReporterChoice } from '../reports/registry';
import { checkPolicyWithCatalog } from './policy/check-catalog';
import { describeFsError } from './fs-errors';
import { mergeCommand } from './merge-command';
import { parseShard, type Shard } from './shard';
import { testCommand, type TestCommandOptions } from './test-command';
import { watchTests } from './watch';
import { removePendingTemp } from './write-atomic';

/** Exit code of an internal error (BSD's EX_SOFTWARE). */
export const EXIT_INTERNAL = 70;

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
  /** Aborted by SIGINT: ends `--watch`. Default: `--watch` runs until the process ends. */
  stop?: AbortSignal;
  /** Clears the terminal before a `--watch` rerun. Default: nothing is cleared. */
  clearScreen?: () => void;
}

/** The package version, from the nearest package.json above this file (source or `dist/`). */
function packageVersion(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    try {
      return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      if (dirname(dir) === dir) return 'unknown';
    }
  }
}

/** Runs the command line `argv` (without the node and script paths); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  let catalog: Catalog | undefined;
  const getCatalog = (): Catalog => (catalog ??= loadCatalog());
  const program = new Command('iamspec')
    .description('offline AWS IAM policy tests: YAML scenarios, our own evaluation engine, JUnit reports')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run `iamspec --help` for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  const test = program
    .command('test')
    .description('run scenario files (folders are searched for *.yaml and *.yml)')
    .argument('[paths...]', 'scenario files or folders', ['cases']);
  // One `--NAME <file>` option per file reporter of the registry (reports/registry.ts).
  // Repeatable: each one given is written (the same file twice is refused before the run).
  const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];
  for (const name of fileReporterNames())
    test.option(`--${reporterEntry(name).fileOption} <file>`, reporterEntry(name).description, collect);
  test
    .option('--strict', 'treat warnings as errors', false)
    // conftest's name for the same switch, which its users type first.
    .option('--fail-on-warn', 'the same as --strict', false)
    .option('--grep <text>', 'run only test cases whose title contains the text')
    .option('--principal <name>', 'run only test cases of this principal (repeatable)', collect)
    .option('--resource <name>', 'run only test cases on this resource (repeatable)', collect)
    .option('--action <pattern>', 'run only test cases of actions matching this IAM pattern, such as `s3:Get*` (repeatable)', collect)
    .option(
      '--shard <I/N>',
      'run only the I-th of N deterministic slices of the test cases (join the reports with `iamspec merge`)',
      (v) => {
        const parsed = parseShard(v);
        if ('error' in parsed) throw new InvalidArgumentError(parsed.error);
        return parsed.value;
      },
    )
    .option('--watch', 'rerun the affected suites when a scenario or a file it loads changes (Ctrl-C exits)', false)
    .addOption(new Option('--no-color', 'plain output without ANSI colors'))
    .action(
      async (
        paths: string[],
        opts: Record<string, string[] | boolean | Shard | undefined> & {
          strict: boolean;
          failOnWarn: boolean;
          grep?: string;
          principal?: string[];
          resource?: string[];
          action?: string[];
          shard?: Shard;
          watch: boolean;
          color: boolean;
        },
      ) => {
        const reports: ReporterChoice[] = [];
        for (const name of fileReporterNames()) {
          const paths = opts[reporterEntry(name).fileOption!];
          if (Array.isArray(paths)) for (const path of paths) reports.push({ name, destination: { kind: 'file', path } });
        }
        const options: TestCommandOptions = {
          paths,
          reports,
          strict: opts.strict || opts.failOnWarn,
          color: opts.color && (io.colorDefault ?? false),
          catalog: getCatalog(),
          evaluate,
          checkPolicy: checkPolicyWithCatalog,
          stdout: io.stdout,
          stderr: io.stderr,
          ...(opts.grep !== undefined ? { grep: opts.grep } : {}),
          filters: { principals: opts.principal ?? [], resources: opts.resource ?? [], actions: opts.action ?? [] },
          ...(opts.shard !== undefined ? { shard: opts.shard } : {}),
          ...(io.cwd !== undefined ? { cwd: io.cwd } : {}),
          ...(io.interrupted ? { interrupted: io.interrupted } : {}),
        };
        exitCode = opts.watch
          ? await watchTests({
              test: options,
              stop: io.stop ?? new AbortController().signal,
              ...(io.clearScreen ? { clearScreen: io.clearScreen } : {}),
            })
          : await testCommand(options);
      },
    );
  program
    .command('merge')
    .description('combine the JUnit reports of sharded runs (`--shard I/N`) into one report')
    .argument('<out>', 'the merged JUnit report to write')
    .argument('<reports...>', 'the JUnit reports to merge')
    .action((out: string, inputs: string[]) => {
      const result = mergeCommand({ out, inputs, cwd: io.cwd ?? process.cwd() });
      if (result.stdout) io.stdout(result.stdout);
      if (result.stderr) io.stderr(result.stderr);
      exitCode = result.exitCode;
    });
  program
    .command('catalog')
    .description('show the catalog: actions, access levels, resource types and condition keys')
    .argument('[service]', 'a service prefix such as `secretsmanager`')
    .option('--json', 'machine-readable output', false)
    .action((service: string | undefined, opts: { json: boolean }) => {
      const result = catalogCommand(getCatalog(), service, { json: opts.json });
      if (result.stdout) io.stdout(result.stdout);
      if (result.stderr) io.stderr(result.stderr);
      exitCode = result.exitCode;
    });
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
  };
  try {
    const code = await main(process.argv.slice(2), io);
    process.exitCode = stoppedBy !== undefined ? 128 + stoppedBy : outputFailed ? 2 : code;
  } catch (e) {
    process.stderr.write(`iamspec: internal error (a bug; please report it):\n${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = EXIT_INTERNAL;
  }
}

if (require.main === module) void run();

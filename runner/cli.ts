#!/usr/bin/env node
/**
 * The `iamspec` command: argv → options → one command (`test` once or `--watch`, `check`, `matrix`, `merge`, `catalog`,
 * `init`, `diff`), and the exit code.
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
import { checkCommand } from './check/check-command';
import { DEFAULT_SCENARIO_PATH } from './default-paths';
import type { FindingSeverity } from './check/findings';
import { evaluate } from './engine/evaluate';
import { fileReporterNames, jsonTraces, reporterEntry, type JsonTrace, type ReporterChoice } from '../reports/registry';
import { matrixCommand, matrixFormats, type MatrixFormat } from './matrix-command';
import { checkPolicyWithCatalog } from './policy/check-catalog';
import { diffCommand } from './diff/diff-command';
import { describeFsError } from './fs-errors';
import { initCommand } from './init-command';
import { parseJobs, type Jobs } from './load-pool';
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
  /** The environment read for GitHub Actions (`GITHUB_ACTIONS`, `GITHUB_STEP_SUMMARY`). Default: none. */
  env?: Readonly<Record<string, string | undefined>>;
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

/** The options of `iamspec matrix` as commander parses them. */
interface MatrixCliOptions {
  format?: MatrixFormat;
  out?: string;
  check?: string;
  strict: boolean;
  grep?: string;
  jobs: Jobs;
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
    .argument('[paths...]', 'scenario files or folders', [DEFAULT_SCENARIO_PATH]);
  // One `--NAME <file>` option per file reporter of the registry (reports/registry.ts).
  // Repeatable: each one given is written (the same file twice is refused before the run).
  const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];
  // `-` is stdout (the console report then goes to stderr).
  for (const name of fileReporterNames())
    test.option(`--${reporterEntry(name).fileOption} <file>`, `${reporterEntry(name).description} (\`-\`: stdout)`, collect);
  test
    .addOption(
      new Option('--json-trace <cases>', 'which cases of the --json report carry the statement-by-statement trace (`explanation.policies`)')
        .choices(jsonTraces)
        .default('failures'),
    )
    .option('--strict', 'treat warnings as errors', false)
    // conftest's name for the same switch, which its users type first.
    .option('--fail-on-warn', 'the same as --strict', false)
    .option('--grep <text>', 'run only test cases whose title contains the text')
    .option('--coverage-threshold <percent>', 'exit 1 when less than this percent of policy statements is covered (0-100)', parsePercent)
    .option(
      '--junit-file-attributes',
      'add file and line attributes to JUnit testcases (read by GitLab, Jenkins, action-junit-report; outside the Ant schema)',
      false,
    )
    .option('--github', 'print GitHub Actions annotations and append a summary to $GITHUB_STEP_SUMMARY (default when GITHUB_ACTIONS=true)')
    .option('--no-github', 'no GitHub Actions annotations, even when GITHUB_ACTIONS=true')
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
    .option('--jobs <n>', jobsHelp, parseJobsOption, 'auto')
    .addOption(new Option('--no-color', 'plain output without ANSI colors'))
    .action(
      async (
        paths: string[],
        opts: Record<string, string[] | boolean | number | Shard | undefined> & {
          strict: boolean;
          failOnWarn: boolean;
          grep?: string;
          principal?: string[];
          resource?: string[];
          action?: string[];
          shard?: Shard;
          watch: boolean;
          jobs: Jobs;
          color: boolean;
          coverageThreshold?: number;
          junitFileAttributes: boolean;
          jsonTrace: JsonTrace;
          github?: boolean;
        },
      ) => {
        const reports: ReporterChoice[] = [];
        for (const name of fileReporterNames()) {
          const paths = opts[reporterEntry(name).fileOption!];
          if (Array.isArray(paths))
            for (const path of paths) reports.push({ name, destination: path === '-' ? { kind: 'stdout' } : { kind: 'file', path } });
        }
        const env = io.env ?? {};
        // GitHub sets GITHUB_ACTIONS=true in every step (docs: "Variables", default environment variables).
        const github = opts.github ?? env.GITHUB_ACTIONS === 'true';
        const stepSummary = env.GITHUB_STEP_SUMMARY;
        const options: TestCommandOptions = {
          paths,
          reports,
          strict: opts.strict || opts.failOnWarn,
          junitFileAttributes: opts.junitFileAttributes,
          jsonTrace: opts.jsonTrace,
          github,
          ...(github && stepSummary ? { stepSummary } : {}),
          color: opts.color && (io.colorDefault ?? false),
          catalog: getCatalog(),
          evaluate,
          checkPolicy: checkPolicyWithCatalog,
          stdout: io.stdout,
          stderr: io.stderr,
          ...(opts.grep !== undefined ? { grep: opts.grep } : {}),
          ...(opts.coverageThreshold !== undefined ? { coverageThreshold: opts.coverageThreshold } : {}),
          filters: { principals: opts.principal ?? [], resources: opts.resource ?? [], actions: opts.action ?? [] },
          ...(opts.shard !== undefined ? { shard: opts.shard } : {}),
          jobs: opts.jobs,
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
    .command('matrix')
    .description('the intended access the suites state, as a document: principal × action per resource, decisions and access levels')
    .argument('[paths...]', 'scenario files or folders', [DEFAULT_SCENARIO_PATH])
    .addOption(
      new Option('--format <format>', 'md, html or csv (default: from the extension of --out or --check, else md)').choices(
        Object.keys(matrixFormats),
      ),
    )
    .option('--out <file>', 'write the document to this file instead of stdout')
    .option('--check <file>', 'exit 1 with a diff when this file no longer matches the suites (2 when it is missing)')
    .option('--strict', 'treat warnings as errors', false)
    .option('--grep <text>', 'only test cases whose title contains the text')
    .option('--jobs <n>', jobsHelp, parseJobsOption, 'auto')
    .action(async (paths: string[], opts: MatrixCliOptions) => {
      if (opts.out !== undefined && opts.check !== undefined) {
        io.stderr('iamspec: error: --out and --check cannot be used together: --out writes the document, --check compares it\n');
        exitCode = 2;
        return;
      }
      exitCode = await matrixCommand({
        paths,
        strict: opts.strict,
        jobs: opts.jobs,
        catalog: getCatalog(),
        evaluate,
        checkPolicy: checkPolicyWithCatalog,
        stdout: io.stdout,
        stderr: io.stderr,
        ...(opts.format !== undefined ? { format: opts.format } : {}),
        ...(opts.out !== undefined ? { out: opts.out } : {}),
        ...(opts.check !== undefined ? { check: opts.check } : {}),
        ...(opts.grep !== undefined ? { grep: opts.grep } : {}),
        ...(io.cwd !== undefined ? { cwd: io.cwd } : {}),
      });
    });
  program
    .command('check')
    .description('findings without scenarios: checks every policy the scenario files load, or policy files and Terraform plans')
    .argument('[paths...]', 'scenario files or folders, policy files (.json, .yaml) or Terraform plans', [DEFAULT_SCENARIO_PATH])
    .option('--sarif <file>', 'write the findings as SARIF 2.1.0 (GitHub code scanning)')
    .option('--json <file>', 'write the findings as JSON')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity')
        .choices(['error', 'security-warning', 'warning', 'suggestion'])
        .default('error'),
    )
    .option('--strict', 'treat warnings as errors', false)
    .addOption(new Option('--no-color', 'plain output without ANSI colors'))
    .action((paths: string[], opts: { sarif?: string; json?: string; failOn: string; strict: boolean; color: boolean }) => {
      exitCode = checkCommand({
        paths,
        ...(opts.sarif !== undefined ? { sarif: opts.sarif } : {}),
        ...(opts.json !== undefined ? { json: opts.json } : {}),
        failOn: opts.failOn.toUpperCase().replace('-', '_') as FindingSeverity,
        strict: opts.strict,
        color: opts.color && (io.colorDefault ?? false),
        catalog: getCatalog(),
        checkPolicy: checkPolicyWithCatalog,
        version: packageVersion(),
        stdout: io.stdout,
        stderr: io.stderr,
        ...(io.cwd !== undefined ? { cwd: io.cwd } : {}),
      });
    });
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
  program
    .command('init')
    .description('write a starter suite (cases/example.yaml) and a GitHub Actions workflow; never overwrites a file')
    .argument('[dir]', 'the repository to write into', '.')
    .action((dir: string) => {
      const result = initCommand({ dir, ...(io.cwd !== undefined ? { cwd: io.cwd } : {}) });
      if (result.stdout) io.stdout(result.stdout);
      if (result.stderr) io.stderr(result.stderr);
      exitCode = result.exitCode;
    });
  program
    .command('diff')
    .description('does policy NEW allow any request OLD does not? exit 0 only when provably not (docs/diff.md)')
    .argument('<old>', 'OLD: a policy file (.json/.yaml) or plan reference `plan.json#aws_iam_policy.app`')
    .argument('[new]', 'NEW: a policy file or plan reference (default with --base: OLD as it is now)')
    .option('--base <rev>', 'read OLD as it was at this git revision (`git show REV:PATH`)')
    .option('--removed', 'the reverse: what OLD allows and NEW no longer does', false)
    .option('--json', 'machine-readable output', false)
    .action((oldSpec: string, newSpec: string | undefined, opts: { base?: string; removed: boolean; json: boolean }) => {
      // The search stops with "unknown" after 10 seconds of wall time (its step budget aside).
      const deadline = Date.now() + 10_000;
      exitCode = diffCommand({
        old: oldSpec,
        ...(newSpec !== undefined ? { new: newSpec } : {}),
        ...(opts.base !== undefined ? { base: opts.base } : {}),
        removed: opts.removed,
        json: opts.json,
        catalog: getCatalog(),
        cwd: io.cwd ?? process.cwd(),
        stdout: io.stdout,
        stderr: io.stderr,
        budget: { expired: () => Date.now() > deadline },
      });
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

/**
 * `--coverage-threshold`: a number from 0 to 100 (`80`, `92.5`); anything else is a usage error
 * (exit 2), never a threshold silently read as 0.
 */
export function parsePercent(value: string): number {
  const n = /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  if (!(n >= 0 && n <= 100)) throw new InvalidArgumentError('expected a percent from 0 to 100, such as `80`');
  return n;
}

/** The help of `--jobs` (`iamspec test` and `iamspec matrix`). */
const jobsHelp =
  'load and build the scenario files on N worker threads; `1` loads them in process; `auto`: min(cores, files, 8) workers when the files hold 1 MB or more on 3 cores or more, else in process';

/** `--jobs`: a whole number from 1, or `auto`; anything else is a usage error (exit 2). */
function parseJobsOption(value: string): Jobs {
  const parsed = parseJobs(value);
  if ('error' in parsed) throw new InvalidArgumentError(parsed.error);
  return parsed.value;
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

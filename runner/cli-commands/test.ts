/** `iamspec test [PATH...]`: its options, and the options it hands the test command (runner/test-command.ts). */
import { Option, InvalidArgumentError, type Command } from 'commander';
import { fileReporterNames, jsonTraces, reporterEntry, type JsonTrace, type ReporterChoice } from '../../reports/registry';
import { DEFAULT_SCENARIO_PATH } from '../default-paths';
import type { Jobs } from '../load-pool';
import { parseShard, type Shard } from '../shard';
import type { TestCommandOptions } from '../test-command';
import { collect, jobsHelp, parseJobsOption, parsePercent, type CliContext } from './context';

/** The options of `iamspec test` as commander parses them. */
type TestCliOptions = Record<string, string[] | boolean | number | Shard | undefined> & {
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
};

/** Adds `iamspec test` to `program`. */
export function defineTest(program: Command, ctx: CliContext): void {
  const test = program
    .command('test')
    .description('run scenario files (folders are searched for *.yaml and *.yml)')
    .argument('[paths...]', 'scenario files or folders', [DEFAULT_SCENARIO_PATH]);
  // One `--NAME <file>` option per file reporter of the registry (reports/registry.ts).
  // Repeatable: each one given is written (the same file twice is refused before the run).
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
    .action(async (paths: string[], opts: TestCliOptions) => {
      const partial = testOptions(paths, opts, ctx);
      // Given without the report it shapes, `--json-trace` would do nothing: say so, as for --out with --check.
      if (test.getOptionValueSource('jsonTrace') === 'cli' && !(partial.reports ?? []).some((r) => r.name === 'json')) {
        ctx.io.stderr('iamspec: error: --json-trace chooses which cases of the --json report carry the trace: add --json FILE\n');
        ctx.exit(2);
        return;
      }
      const [{ evaluate }, { checkPolicyWithCatalog }] = await Promise.all([
        import('../engine/evaluate'),
        import('../policy/check-catalog'),
      ]);
      const options: TestCommandOptions = {
        ...testOptions(paths, opts, ctx),
        catalog: ctx.catalog(),
        evaluate,
        checkPolicy: checkPolicyWithCatalog,
      };
      const io = ctx.io;
      if (opts.watch) {
        const { watchTests } = await import('../watch');
        const stop = io.stop ?? new AbortController().signal;
        ctx.exit(await watchTests({ test: options, stop, ...(io.clearScreen ? { clearScreen: io.clearScreen } : {}) }));
      } else {
        const { testCommand } = await import('../test-command');
        ctx.exit(await testCommand(options));
      }
    });
}

/** The test command's options from the command line and the environment (the engine and catalog aside). */
function testOptions(
  paths: string[],
  opts: TestCliOptions,
  ctx: CliContext,
): Omit<TestCommandOptions, 'catalog' | 'evaluate' | 'checkPolicy'> {
  const io = ctx.io;
  const reports: ReporterChoice[] = [];
  for (const name of fileReporterNames()) {
    const given = opts[reporterEntry(name).fileOption!];
    if (Array.isArray(given))
      for (const path of given) reports.push({ name, destination: path === '-' ? { kind: 'stdout' } : { kind: 'file', path } });
  }
  const env = io.env ?? {};
  // GitHub sets GITHUB_ACTIONS=true in every step (docs: "Variables", default environment variables).
  const github = opts.github ?? env.GITHUB_ACTIONS === 'true';
  const stepSummary = env.GITHUB_STEP_SUMMARY;
  return {
    paths,
    reports,
    strict: opts.strict || opts.failOnWarn,
    junitFileAttributes: opts.junitFileAttributes,
    jsonTrace: opts.jsonTrace,
    github,
    ...(github && stepSummary ? { stepSummary } : {}),
    color: opts.color && (io.colorDefault ?? false),
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
}

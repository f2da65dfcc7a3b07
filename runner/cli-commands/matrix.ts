/** `iamspec matrix [PATH...]`: the intended access the suites state, as a document (runner/matrix-command.ts). */
import { Option, type Command } from 'commander';
import { DEFAULT_SCENARIO_PATH } from '../default-paths';
import type { Jobs } from '../load-pool';
import type { MatrixFormat } from '../matrix-command';
import { jobsHelp, parseJobsOption, type CliContext } from './context';

/**
 * The formats, checked against the renderers' table (runner/matrix-command.ts `matrixFormats`) by the
 * compiler, without loading the renderers to build the command line.
 */
const formats: Record<MatrixFormat, true> = { md: true, html: true, csv: true };

/** The options of `iamspec matrix` as commander parses them. */
interface MatrixCliOptions {
  format?: MatrixFormat;
  out?: string;
  check?: string;
  strict: boolean;
  grep?: string;
  jobs: Jobs;
}

/** Adds `iamspec matrix` to `program`. */
export function defineMatrix(program: Command, ctx: CliContext): void {
  program
    .command('matrix')
    .description('the intended access the suites state, as a document: principal × action per resource, decisions and access levels')
    .argument('[paths...]', 'scenario files or folders', [DEFAULT_SCENARIO_PATH])
    .addOption(
      new Option('--format <format>', 'md, html or csv (default: from the extension of --out or --check, else md)').choices(
        Object.keys(formats),
      ),
    )
    .option('--out <file>', 'write the document to this file instead of stdout')
    .option('--check <file>', 'exit 1 with a diff when this file no longer matches the suites (2 when it is missing)')
    .option('--strict', 'treat warnings as errors', false)
    .option('--grep <text>', 'only test cases whose title contains the text')
    .option('--jobs <n>', jobsHelp, parseJobsOption, 'auto')
    .action(async (paths: string[], opts: MatrixCliOptions) => {
      const io = ctx.io;
      if (opts.out !== undefined && opts.check !== undefined) {
        io.stderr('iamspec: error: --out and --check cannot be used together: --out writes the document, --check compares it\n');
        ctx.exit(2);
        return;
      }
      const [{ matrixCommand }, { evaluate }, { checkPolicyWithCatalog }] = await Promise.all([
        import('../matrix-command'),
        import('../engine/evaluate'),
        import('../policy/check-catalog'),
      ]);
      const code = await matrixCommand({
        paths,
        strict: opts.strict,
        jobs: opts.jobs,
        catalog: ctx.catalog(),
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
      ctx.exit(code);
    });
}

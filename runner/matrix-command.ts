/**
 * `iamspec matrix`: the intended access the suites state, as a document. The pipeline of
 * `iamspec test` (runner/pipeline.ts: the same discovery, loading, `--grep`, `only` and `skip`)
 * and its run, every case explained, folded into the matrix (reports/matrix-model.ts) and rendered
 * as Markdown, HTML or CSV. `--out FILE` writes it atomically; `--check FILE` compares it with
 * FILE: exit 0 when they match, 1 with a unified diff when they differ, 2 when FILE is missing.
 *
 * A case whose expectation fails does not fail the command: the document shows it (`✗`), and
 * `iamspec test` is the command that fails on it. An input error is exit 2, as in `iamspec test`.
 */
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { accessLevels } from '../catalog/types';
import type { Catalog } from '../catalog/types';
import { spanLocator } from '../reports/locate';
import { matrixCsv } from '../reports/matrix-csv';
import { matrixHtml } from '../reports/matrix-html';
import { matrixMarkdown } from '../reports/matrix-md';
import { buildMatrix, type Matrix } from '../reports/matrix-model';
import { diagnosticsText, formatDiagnostic, positionDiagnostic, type Diagnostic } from './diagnostics';
import { scenarioPathsOrDefault } from './default-paths';
import { EXIT_FAILED, EXIT_OK, EXIT_UNUSABLE } from './exit-code';
import { describeFsError } from './fs-errors';
import type { Jobs } from './load-pool';
import { planRunAsync } from './pipeline';
import type { Policy } from './policy/types';
import { runSuites, type Clock, type Evaluate } from './run';
import { writeFileAtomic } from './write-atomic';

/** The formats of `--format`. */
export const matrixFormats = { md: matrixMarkdown, html: matrixHtml, csv: matrixCsv } as const satisfies Record<
  string,
  (m: Matrix) => string
>;

/** One format of `--format`. */
export type MatrixFormat = keyof typeof matrixFormats;

/** What `iamspec matrix` needs. */
export interface MatrixCommandOptions {
  /** Files or folders. Default: `[DEFAULT_SCENARIO_PATH]` (`cases`, runner/default-paths.ts). */
  paths?: string[];
  /** Default: from the extension of `out` or `check` (`.html`, `.csv`), else `md`. */
  format?: MatrixFormat;
  /** Write the document to this file (atomically) instead of stdout. */
  out?: string;
  /** Compare the document with this file instead of printing it. */
  check?: string;
  /** Warnings become errors. Default: `false`. */
  strict?: boolean;
  grep?: string;
  /** Default: `process.cwd()`. */
  cwd?: string;
  catalog: Catalog;
  evaluate: Evaluate;
  checkPolicy?: (policy: Policy, catalog: Catalog) => Diagnostic[];
  /** `--jobs`: worker threads that load the files (runner/load-pool.ts). Default: `1`, in process. */
  jobs?: Jobs;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

// The document never shows time; a fixed clock keeps even the events free of it.
const stillClock: Clock = { now: () => new Date(0), elapsed: () => 0 };

/** The format a file's extension names, if any. */
export function formatOfFile(path: string | undefined): MatrixFormat | undefined {
  const ext = /\.([a-z]+)$/i.exec(path ?? '')?.[1]?.toLowerCase();
  return ext === 'html' || ext === 'htm' ? 'html' : ext === 'csv' ? 'csv' : ext === 'md' || ext === 'markdown' ? 'md' : undefined;
}

/** Runs `iamspec matrix`; resolves to the exit code. */
export async function matrixCommand(options: MatrixCommandOptions): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const paths = scenarioPathsOrDefault(options.paths);
  const planned = await planRunAsync({
    paths,
    cwd,
    catalog: options.catalog,
    strict: options.strict,
    grep: options.grep,
    checkPolicy: options.checkPolicy,
    jobs: options.jobs,
  });
  const print = (ds: readonly Diagnostic[], sources: Map<string, string>): void => {
    options.stderr(diagnosticsText(ds, sources));
  };
  if (planned.kind === 'stopped') {
    print(planned.diagnostics, planned.sources);
    return EXIT_UNUSABLE;
  }
  const run = planned.run;
  for (const plan of run.plans) {
    for (const d of plan.kind === 'error' ? plan.diagnostics : plan.warnings) options.stderr(formatDiagnostic(d) + '\n');
  }
  if (run.plans.some((p) => p.kind === 'error')) return EXIT_UNUSABLE;
  if (run.total === 0) {
    const help =
      options.grep !== undefined
        ? `no test case name contains \`${options.grep}\`; check the text given to \`--grep\``
        : 'add expectations (`expect:`) with actions to the scenario files';
    print(
      [{ code: 'NO_CASES', severity: 'error', message: 'no case is stated: the matrix would be empty', file: paths.join(' '), help }],
      run.sources,
    );
    return EXIT_UNUSABLE;
  }
  const target = options.out ?? options.check;
  if (options.out !== undefined) {
    const inputs = new Set([...run.sources.keys(), ...run.built.map((b) => b.file)].map((f) => resolve(cwd, f)));
    if (inputs.has(resolve(cwd, options.out))) {
      const message = `\`--out ${options.out}\` would overwrite a file this run reads`;
      print(
        [
          {
            code: 'REPORT_TARGET',
            severity: 'error',
            message,
            file: options.out,
            help: 'write the matrix to another file, such as `ACCESS.md`',
          },
        ],
        run.sources,
      );
      return EXIT_UNUSABLE;
    }
  }
  const events = runSuites(run.plans, {
    evaluate: options.evaluate,
    explainAll: true,
    locate: spanLocator(run.sources),
    clock: stillClock,
  });
  const matrix = buildMatrix(events, { levels: accessLevels, accessLevelOf: (a) => options.catalog.action(a)?.accessLevel });
  const text = matrixFormats[options.format ?? formatOfFile(target) ?? 'md'](matrix);
  if (options.check !== undefined) return checkAgainst(options.check, text, paths, options, run.sources);
  if (options.out === undefined) {
    options.stdout(text);
    return EXIT_OK;
  }
  try {
    writeFileAtomic(resolve(cwd, options.out), [text]);
  } catch (e) {
    print(
      [
        {
          code: 'REPORT_WRITE',
          severity: 'error',
          message: (e as Error).message,
          file: options.out,
          help: 'check that the folder exists and is writable',
        },
      ],
      run.sources,
    );
    return EXIT_UNUSABLE;
  }
  return EXIT_OK;
}

/** `--check FILE`: 0 when FILE holds `text`; 1 and a unified diff (FILE → now) when not; 2 when FILE cannot be read. */
function checkAgainst(
  file: string,
  text: string,
  paths: readonly string[],
  options: MatrixCommandOptions,
  sources: Map<string, string>,
): number {
  const cwd = options.cwd ?? process.cwd();
  const regenerate = `iamspec matrix ${paths.join(' ')}${options.format ? ` --format ${options.format}` : ''} --out ${file}`;
  let committed: string;
  try {
    committed = readFileSync(resolve(cwd, file), 'utf8');
  } catch (e) {
    const message = `cannot read \`${file}\`: ${describeFsError(e)}`;
    options.stderr(
      formatDiagnostic(
        positionDiagnostic({ code: 'READ_ERROR', severity: 'error', message, file, help: `write it with \`${regenerate}\`` }, sources),
      ) + '\n',
    );
    return EXIT_UNUSABLE;
  }
  if (committed === text) {
    options.stdout(`${file} matches the suites\n`);
    return EXIT_OK;
  }
  options.stdout(
    createTwoFilesPatch(file, `${file} (from the suites)`, committed, text, undefined, undefined, {
      context: 3,
      headerOptions: FILE_HEADERS_ONLY,
    }),
  );
  options.stderr(
    `iamspec: ${file} no longer matches the suites (the diff above turns it into what they state now); regenerate it with \`${regenerate}\`\n`,
  );
  return EXIT_FAILED;
}

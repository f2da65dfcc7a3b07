/**
 * `iamspec merge OUT IN...`: reads the JUnit reports of sharded runs, refuses any that is not one
 * `iamspec test --junit` wrote (positioned, `FILE:LINE:COL`), merges them (runner/merge.ts) and
 * writes OUT atomically. Exit 0 when OUT is written, whatever the cases' outcomes (the shard jobs
 * already failed on them); 2 when an input cannot be used or OUT cannot be written.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { diagnosticsText, type Diagnostic } from './diagnostics';
import { EXIT_OK, EXIT_UNUSABLE } from './exit-code';
import { readSource } from './load/read';
import { mergeJunitReports } from './merge';
import { readJunitReport, type JunitReport } from './merge-read';
import { writeFileAtomic } from './write-atomic';

/** Largest report read: far above the reports of the largest runs (MAX_CASES cases). */
const MAX_REPORT_BYTES = 512 * 1024 * 1024;

/** What `iamspec merge` needs. */
export interface MergeCommandOptions {
  /** The report to write. */
  out: string;
  /** The reports to merge, in this order. */
  inputs: readonly string[];
  /** Base of relative paths. */
  cwd: string;
}

/** What `iamspec merge` printed, and its exit code. */
export interface MergeCommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Runs `iamspec merge`. */
export function mergeCommand(options: MergeCommandOptions): MergeCommandResult {
  const sources = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const reports: JunitReport[] = [];
  const outPath = canonical(resolve(options.cwd, options.out));
  for (const input of options.inputs) {
    if (canonical(resolve(options.cwd, input)) === outPath) {
      diagnostics.push({
        code: 'REPORT_TARGET',
        severity: 'error',
        message: `\`${options.out}\` is also a report to merge: writing it would lose that input`,
        file: options.out,
        help: 'write the merged report to another file, such as `reports/junit.xml`',
      });
      continue;
    }
    const read = readSource(resolve(options.cwd, input), input, { maxBytes: MAX_REPORT_BYTES });
    diagnostics.push(...read.diagnostics);
    if (read.value === undefined) continue;
    sources.set(input, read.value);
    const report = readJunitReport(read.value, input);
    diagnostics.push(...report.diagnostics);
    if (report.value) reports.push(report.value);
  }
  const fail = (ds: readonly Diagnostic[]): MergeCommandResult => ({
    stdout: '',
    stderr: diagnosticsText(ds, sources),
    exitCode: EXIT_UNUSABLE,
  });
  if (diagnostics.length > 0) return fail(diagnostics);
  const merged = mergeJunitReports(reports);
  if (merged.value === undefined) return fail(merged.diagnostics);
  try {
    writeFileAtomic(resolve(options.cwd, options.out), [merged.value]);
  } catch (e) {
    return fail([
      {
        code: 'REPORT_WRITE',
        severity: 'error',
        message: (e as Error).message,
        file: options.out,
        help: 'check that the folder exists and is writable',
      },
    ]);
  }
  const suites = new Set(reports.flatMap((r) => r.suites.map((s) => s.file))).size;
  const cases = (merged.value.match(/<testcase /g) ?? []).length;
  const n = (k: number, word: string): string => `${k} ${word}${k === 1 ? '' : 's'}`;
  return {
    stdout: `merged ${n(reports.length, 'report')} into \`${options.out}\`: ${n(suites, 'suite')}, ${n(cases, 'test case')}\n`,
    stderr: '',
    exitCode: EXIT_OK,
  };
}

/** The real path when it exists (links resolved), else the path. */
function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

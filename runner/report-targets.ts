/**
 * Where reports may be written, checked before the run: never over a file the run reads (a
 * scenario or policy file given to `--junit` by mistake), never over an existing file that is not
 * a report of that kind (a policy file of a scenario too broken to say it reads it, a README): only
 * an empty file or the reporter's own earlier output is replaced; never two reports to one file (the
 * second would silently replace the first), never to a path that names a folder (`reports/`).
 * Paths are compared after resolving symbolic links, so `--junit link` to an input is caught too.
 *
 * `-` writes a report to stdout (and the console report moves to stderr). Only one report may own
 * stdout: two would interleave into text no parser reads, and so would GitHub's annotations,
 * which are printed on stdout.
 */
import { closeSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { ReporterChoice } from '../reports/registry';
import { reporterEntry } from '../reports/registry';
import type { Diagnostic } from './diagnostics';
import { ownStream } from './write-atomic';

/** The path as the file system sees it: symbolic links resolved where the path exists. */
export function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return resolve(realpathSync(dirname(path)), basename(path));
    } catch {
      return path;
    }
  }
}

/**
 * True when a report may replace what is at `path`: nothing, something that is not a regular file
 * (written through, runner/write-atomic.ts), an empty file, or a file whose first 4 KiB match the
 * reporter's own output. An unreadable file is left to the write, which reports why.
 */
function replaceable(path: string, own: RegExp): boolean {
  let fd: number | undefined;
  try {
    const stats = statSync(path);
    if (!stats.isFile() || stats.size === 0 || ownStream(path) !== undefined) return true;
    fd = openSync(path, 'r');
    const head = Buffer.alloc(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    return own.test(head.toString('utf8', 0, n));
  } catch {
    return true;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** One error per report that claims stdout after another one (the console report aside). */
function checkStdout(choices: readonly ReporterChoice[]): Diagnostic[] {
  const claims = choices.filter((c) => c.name !== 'console' && c.destination.kind === 'stdout');
  const named = (c: ReporterChoice): string => (c.name === 'github' ? '`--github` annotations' : `\`${optionOf(c)} -\``);
  return claims.slice(1).map((c) => ({
    code: 'REPORT_TARGET',
    severity: 'error',
    message: `${named(c)} and ${named(claims[0]!)} would both write to stdout`,
    file: '-',
    help:
      c.name === 'github' || claims[0]!.name === 'github'
        ? 'write the report to a file, or leave the annotations out with `--no-github`'
        : 'give all reports but one a file name',
  }));
}

/** The CLI option that writes a choice (`--junit`). */
function optionOf(choice: ReporterChoice): string {
  return `--${reporterEntry(choice.name).fileOption ?? choice.name}`;
}

/** A file a command is about to write a report to. */
export interface ReportTarget {
  /** The option as the user wrote it (`--junit`), for messages. */
  option: string;
  /** The path as given. */
  path: string;
  /** A file name to suggest (`junit.xml`). */
  example: string;
  /** What the report is (`junit`), for messages. */
  kind: string;
  /** How the report's own output begins: an existing file is replaced only when it matches (or is empty). */
  ownOutput?: RegExp | undefined;
}

/**
 * One `REPORT_TARGET` error per report that may not be written where asked: `inputs` are the
 * files the run reads (relative to `cwd` or absolute). Empty when every report may be written.
 */
export function checkReportTargets(choices: readonly ReporterChoice[], inputs: Iterable<string>, cwd: string): Diagnostic[] {
  const targets: ReportTarget[] = [];
  for (const choice of choices) {
    if (choice.destination.kind !== 'file') continue;
    targets.push({
      option: optionOf(choice),
      path: choice.destination.path,
      example: choice.name === 'junit' ? 'junit.xml' : `report.${choice.name}`,
      kind: choice.name,
      ownOutput: reporterEntry(choice.name).ownOutput,
    });
  }
  return [...checkStdout(choices), ...checkTargets(targets, inputs, cwd)];
}

/**
 * The checks of {@link checkReportTargets} for any command's report files (`iamspec check --sarif`
 * too): a folder, a file the run reads, a file that is not a report of that kind, two reports on
 * one file.
 */
export function checkTargets(targets: readonly ReportTarget[], inputs: Iterable<string>, cwd: string): Diagnostic[] {
  const read = new Set<string>();
  for (const input of inputs) read.add(canonical(resolve(cwd, input)));
  const taken = new Map<string, ReportTarget>();
  const diagnostics: Diagnostic[] = [];
  for (const target of targets) {
    const given = target.path;
    const fail = (message: string, help: string): void =>
      void diagnostics.push({ code: 'REPORT_TARGET', severity: 'error', message, file: given, help });
    if (/[\\/]$/.test(given)) {
      fail(`\`${target.option} ${given}\` names a folder`, `give a file name, such as \`${given}${target.example}\``);
      continue;
    }
    const path = canonical(resolve(cwd, given));
    if (read.has(path)) {
      fail(
        `\`${target.option} ${given}\` would overwrite a file this run reads`,
        `write the report to another file, such as \`reports/${target.example}\``,
      );
      continue;
    }
    if (target.ownOutput && !replaceable(path, target.ownOutput)) {
      fail(
        `\`${target.option} ${given}\` would replace \`${given}\`, which is not a ${target.kind} report`,
        `write the report to another file, such as \`reports/${target.example}\`, or remove that file first if it is yours to lose`,
      );
      continue;
    }
    const earlier = taken.get(path);
    if (earlier) {
      fail(
        `\`${target.option} ${given}\` is also the file of \`${earlier.option} ${earlier.path}\`: one report would replace the other`,
        'give each report its own file',
      );
      continue;
    }
    taken.set(path, target);
  }
  return diagnostics;
}

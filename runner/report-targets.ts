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
function canonical(path: string): string {
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

/**
 * One `REPORT_TARGET` error per report that may not be written where asked: `inputs` are the
 * files the run reads (relative to `cwd` or absolute). Empty when every report may be written.
 */
export function checkReportTargets(choices: readonly ReporterChoice[], inputs: Iterable<string>, cwd: string): Diagnostic[] {
  const read = new Set<string>();
  for (const input of inputs) read.add(canonical(resolve(cwd, input)));
  const taken = new Map<string, ReporterChoice>();
  const diagnostics: Diagnostic[] = [];
  diagnostics.push(...checkStdout(choices));
  for (const choice of choices) {
    if (choice.destination.kind !== 'file') continue;
    const given = choice.destination.path;
    const fail = (message: string, help: string): void =>
      void diagnostics.push({ code: 'REPORT_TARGET', severity: 'error', message, file: given, help });
    if (/[\\/]$/.test(given)) {
      fail(
        `\`${optionOf(choice)} ${given}\` names a folder`,
        `give a file name, such as \`${given}${choice.name === 'junit' ? 'junit.xml' : `report.${choice.name}`}\``,
      );
      continue;
    }
    const path = canonical(resolve(cwd, given));
    if (read.has(path)) {
      fail(
        `\`${optionOf(choice)} ${given}\` would overwrite a file this run reads`,
        'write the report to another file, such as `reports/junit.xml`',
      );
      continue;
    }
    const own = reporterEntry(choice.name).ownOutput;
    if (own && !replaceable(path, own)) {
      fail(
        `\`${optionOf(choice)} ${given}\` would replace \`${given}\`, which is not a ${choice.name} report`,
        `write the report to another file, such as \`reports/${choice.name === 'junit' ? 'junit.xml' : `report.${choice.name}`}\`, or remove that file first if it is yours to lose`,
      );
      continue;
    }
    const earlier = taken.get(path);
    if (earlier) {
      fail(
        `\`${optionOf(choice)} ${given}\` is also the file of \`${optionOf(earlier)} ${(earlier.destination as { path: string }).path}\`: one report would replace the other`,
        'give each report its own file',
      );
      continue;
    }
    taken.set(path, choice);
  }
  return diagnostics;
}

/**
 * The console reporter, read like mocha's spec reporter:
 *
 *       Payments secret  cases/payments.yaml
 *         ✓ reads › app › secretsmanager:GetSecretValue on payments
 *         ✗ 1) mary › mary › secretsmanager:GetSecretValue on payments
 *         - later › app › secretsmanager:DeleteSecret on payments
 *
 *       1) Payments secret
 *            mary › mary › secretsmanager:GetSecretValue on payments:
 *          expected explicitDeny, got allow
 *          at cases/payments.yaml:80:5
 *          allow, decided by identity-based policies: ...
 *
 *       1 passed, 1 failed, 1 skipped (12ms)
 *
 * Failures are numbered where they occur and detailed once, after the last suite; the closing
 * line comes last so a CI log ends with it. A file that could not be used gets one line in its
 * suite and one before the closing line; its diagnostics are not repeated here, because the
 * test command prints them on stderr (docs/scenarios.md: exit 2 with `FILE:LINE:COL: message` on
 * stderr). Output depends on the events only (durations
 * included), so tests compare it exactly.
 */
import pc from 'picocolors';
import type { CaseInfo, CaseResult, PositionedDiagnostic, Reporter, RunEvent, Stats, SuiteInfo } from './events';
import { coverageText } from './coverage-text';
import { formatDiagnostic } from './events';
import { expectedGot, explainLines, unusableFileCase } from './explain-text';
import { formatLocation, type Locate } from './locate';

type Colors = ReturnType<typeof pc.createColors>;

/** Options of the console reporter. */
export interface ConsoleOptions {
  /** ANSI colors. The CLI turns them off when stdout is not a TTY or `NO_COLOR` is set. */
  color: boolean;
  /** Resolves explanation spans to `FILE:LINE:COL`. Default: the file alone is printed. */
  locate?: Locate;
}

/** C0 and C1 control characters except tab and newline: a user value must not drive the terminal. */
const controlChars = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
/** {@link controlChars} and newline, without `g`: a test (no `lastIndex` state) for the fast path. */
const controlOrNewline = /[\x00-\x08\n\x0b-\x1f\x7f-\x9f]/;

function visible(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Shows control characters in user text as a visible `\uXXXX` (applied before coloring). */
export function printable(text: string): string {
  return text.replace(controlChars, visible);
}

/** `printable` for a one-line value such as a name: a newline shows as `\u000A` too. */
function printableLine(text: string): string {
  // Names are printed once per case: most hold nothing to replace, so test before copying.
  if (!controlOrNewline.test(text)) return text;
  return printable(text).replace(/\n/g, '\\u000A');
}

/** Prefixes every line of `text` with `pad`. */
function indent(text: string, pad: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

/** `1 warning`, `2 warnings`. */
function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `850ms` below a second, else `1.25s`. */
export function formatDuration(ms: number): string {
  const safe = Number.isFinite(ms) && ms > 0 ? ms : 0;
  return safe < 1000 ? `${Math.round(safe)}ms` : `${(safe / 1000).toFixed(2)}s`;
}

/** A diagnostic, its first line colored by severity. */
function diagnosticText(d: PositionedDiagnostic, c: Colors): string {
  const [first, ...rest] = printable(formatDiagnostic(d)).split('\n');
  const color = d.severity === 'error' ? c.red : c.yellow;
  return [color(first), ...rest.map((line) => c.gray(line))].join('\n');
}

/** `2 errors`, `1 error, 1 warning`: what an unusable file's diagnostics hold. */
function problemCount(diagnostics: readonly PositionedDiagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  return warnings > 0 ? `${count(errors, 'error')}, ${count(warnings, 'warning')}` : count(errors, 'error');
}

/** The closing line: passed and failed always, the other counts when non-zero. */
function summaryLine(stats: Stats, durationMs: number, c: Colors): string {
  const parts = [c.green(`${stats.passed} passed`)];
  parts.push(stats.failed > 0 ? c.red(`${stats.failed} failed`) : `${stats.failed} failed`);
  if (stats.skipped > 0) parts.push(c.cyan(`${stats.skipped} skipped`));
  if (stats.errors > 0) parts.push(c.red(count(stats.errors, 'error')));
  if (stats.warnings > 0) parts.push(c.yellow(count(stats.warnings, 'warning')));
  return `${parts.join(', ')} ${c.gray(`(${formatDuration(durationMs)})`)}`;
}

/** One numbered entry of the failure section. */
interface Failure {
  suite: SuiteInfo;
  title: string;
  /** Detail lines, unindented. */
  body: string[];
}

function caseFailure(info: CaseInfo, result: CaseResult, locate: Locate | undefined, c: Colors): string[] {
  const at = c.gray(printable(`at ${formatLocation(info.location)}`));
  if (result.outcome === 'error') {
    const diagnostics = (result.diagnostics ?? []).map((d) => diagnosticText(d, c));
    return [c.red('error: the case could not be evaluated'), at, ...diagnostics];
  }
  const explanation = result.explanation ? explainLines(result.explanation, locate) : [];
  return [c.red(expectedGot(info, result)), at, ...explanation.map((line) => c.gray(printable(line)))];
}

function failureText(n: number, f: Failure): string {
  const head = `  ${n}) ${printableLine(f.suite.name)}\n       ${printableLine(f.title)}:\n`;
  return `${head}${indent(f.body.join('\n'), '     ')}\n`;
}

/** One line of the suite block for a case, or the failure it opens. */
function caseLine(info: CaseInfo, result: CaseResult, failures: number, c: Colors): string {
  switch (result.outcome) {
    case 'pass':
      return `    ${c.green('✓')} ${c.gray(printableLine(info.name))}\n`;
    case 'skip': {
      const reason = result.reason ? c.gray(` (${printableLine(result.reason)})`) : '';
      return `    ${c.cyan(`- ${printableLine(info.name)}`)}${reason}\n`;
    }
    case 'fail':
    case 'error':
      return `    ${c.red(`✗ ${failures}) ${printableLine(info.name)}`)}\n`;
  }
}

/** The run's counts without those of its problems suite (`SuiteInfo.run`). */
function withoutRunProblems(run: Stats, problems: Stats): Stats {
  return {
    passed: run.passed - problems.passed,
    failed: run.failed - problems.failed,
    skipped: run.skipped - problems.skipped,
    errors: run.errors - problems.errors,
    warnings: run.warnings - problems.warnings,
  };
}

/**
 * The console reporter: suites with ✓ / ✗ N) / - lines per case, warnings under their suite,
 * then the numbered failures (expected vs got, the expectation's location, the explanation; for
 * errors the formatted diagnostics), then one line per file that could not be used (its
 * diagnostics counted, not printed: they go to stderr), then the closing summary line, and the
 * coverage section when the run collected coverage.
 */
export function consoleReporter(options: ConsoleOptions): Reporter {
  const c = pc.createColors(options.color);
  return function* report(events: Iterable<RunEvent>): Generator<string> {
    const failures: Failure[] = [];
    /** One line per file that could not be used, printed before the closing line. */
    const unusable: string[] = [];
    /** The counts of the run's own problems, which the caller prints on stderr instead. */
    let runProblems: Stats | undefined;
    for (const event of events) {
      if ('suite' in event && event.suite.run) {
        if (event.kind === 'suiteEnd') runProblems = event.stats;
        continue;
      }
      switch (event.kind) {
        case 'runStart':
          break;
        case 'suiteStart': {
          const name = printableLine(event.suite.name);
          const file = printableLine(event.suite.file);
          yield `\n  ${name}${name === file ? '' : `  ${c.gray(file)}`}\n`;
          break;
        }
        case 'suiteWarnings':
          for (const d of event.diagnostics) yield `${indent(diagnosticText(d, c), '    ')}\n`;
          break;
        case 'case': {
          const { case: info, result } = event;
          if (result.outcome === 'fail' || result.outcome === 'error') {
            const body = caseFailure(info, result, options.locate, c);
            failures.push({ suite: event.suite, title: info.name, body });
          }
          yield caseLine(info, result, failures.length, c);
          break;
        }
        case 'suiteError':
          // The diagnostics themselves are the caller's to print, once, on stderr (docs/scenarios.md).
          unusable.push(
            `  ${c.red(`✗ ${printableLine(event.suite.file)}: ${unusableFileCase}`)} ${c.gray(`(${problemCount(event.diagnostics)} on stderr)`)}\n`,
          );
          yield `    ${c.red(`✗ ${unusableFileCase}`)}\n`;
          break;
        case 'suiteEnd':
          break;
        case 'runEnd':
          yield* failures.map((f, i) => `\n${failureText(i + 1, f)}`);
          if (unusable.length > 0) yield `\n${unusable.join('')}`;
          yield `
${summaryLine(runProblems ? withoutRunProblems(event.stats, runProblems) : event.stats, event.durationMs, c)}
`;
          // After the summary, when the run collected coverage (reports/coverage-text.ts).
          if (event.coverage) yield coverageText(event.coverage, c, printableLine);
          break;
      }
    }
  };
}

/**
 * The GitHub step summary reporter: Markdown appended to the file `$GITHUB_STEP_SUMMARY` names,
 * which GitHub shows on the run's summary page (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands,
 * "Adding a job summary": the file is per step, and steps append to it). A table of passed,
 * failed, skipped and errored cases per suite; each failure with its location and the first lines
 * of its explanation; the input errors. Lists are capped so a broken run cannot approach GitHub's
 * 1 MiB limit per step summary.
 */
import type { CaseInfo, CaseResult, PositionedDiagnostic, Reporter, RunEvent, Stats, SuiteInfo } from './events';
import { expectedGot, explainLines } from './explain-text';
import { formatLocation, repositoryPath, type Locate } from './locate';

/** Options of the summary reporter. */
export interface GithubSummaryOptions {
  /** Paths are shown relative to it. Default: as given. */
  cwd?: string;
  locate?: Locate;
}

/** Failures (and input errors) listed before the rest are counted. */
export const summaryListLimit = 50;

/** Lines of each failure's explanation shown. */
const explanationLines = 8;

/** Text in a Markdown table cell or list item: no line breaks, Markdown and HTML characters escaped. */
export function markdownText(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]<>()#+!|~&]/g, (c) => `\\${c}`);
}

/** A fenced code block that the text cannot close: its fence is longer than any backtick run in it. */
export function codeBlock(text: string, indent = ''): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [fence, ...text.split('\n'), fence].map((l) => `${indent}${l}`).join('\n') + '\n';
}

/** One row of the suite table. */
interface Row {
  suite: SuiteInfo;
  stats: Stats;
}

function statsLine(s: Stats): string {
  const parts = [`${s.passed} passed`, `${s.failed} failed`, `${s.skipped} skipped`];
  if (s.errors > 0) parts.push(`${s.errors} error${s.errors === 1 ? '' : 's'}`);
  return parts.join(', ');
}

function failureItem(info: CaseInfo, result: CaseResult, options: GithubSummaryOptions): string {
  const at = formatLocation({ ...info.location, file: repositoryPath(info.location.file, options.cwd) });
  const head = `- **${markdownText(info.name)}** at ${markdownText(at)}: ${markdownText(expectedGot(info, result))}\n`;
  const lines = result.explanation ? explainLines(result.explanation, options.locate).slice(0, explanationLines) : [];
  return lines.length > 0 ? head + codeBlock(lines.join('\n'), '  ') : head;
}

function diagnosticItem(d: PositionedDiagnostic, cwd: string | undefined): string {
  const file = repositoryPath(d.file, cwd);
  const where = d.line !== undefined ? `${file}:${d.line}:${d.column}` : file;
  const help = d.help ? ` (help: ${markdownText(d.help)})` : '';
  return `- ${markdownText(where)}: ${d.severity}: ${markdownText(d.message)} \\[${d.code}\\]${help}\n`;
}

/** A capped list: its items, then a line counting the ones left out. */
function list(items: readonly string[], more: number, what: string): string {
  return items.join('') + (more > 0 ? `- … and ${more} more ${what} (the log lists every one)\n` : '');
}

/** The summary reporter: one Markdown section, yielded when the run ends. */
export function githubSummaryReporter(options: GithubSummaryOptions = {}): Reporter {
  return function* report(events: Iterable<RunEvent>): Generator<string> {
    const rows: Row[] = [];
    const failures: string[] = [];
    const errors: string[] = [];
    let moreFailures = 0;
    let moreErrors = 0;
    const addError = (item: string): void => void (errors.length < summaryListLimit ? errors.push(item) : moreErrors++);
    for (const event of events) {
      switch (event.kind) {
        case 'case':
          if (event.result.outcome === 'fail') {
            if (failures.length < summaryListLimit) failures.push(failureItem(event.case, event.result, options));
            else moreFailures++;
          } else if (event.result.outcome === 'error') {
            for (const d of event.result.diagnostics ?? []) addError(diagnosticItem(d, options.cwd));
          }
          break;
        case 'suiteError':
          for (const d of event.diagnostics) if (d.severity === 'error') addError(diagnosticItem(d, options.cwd));
          break;
        case 'suiteEnd':
          if (!event.suite.run) rows.push({ suite: event.suite, stats: event.stats });
          break;
        case 'runEnd': {
          const ok = event.stats.failed === 0 && event.stats.errors === 0;
          let md = `\n## iamspec: ${ok ? 'passed' : 'failed'} (${statsLine(event.stats)})\n\n`;
          if (rows.length > 0) {
            md += '| Suite | File | Passed | Failed | Skipped | Errors |\n| --- | --- | ---: | ---: | ---: | ---: |\n';
            for (const { suite, stats } of rows) {
              md += `| ${markdownText(suite.name)} | ${markdownText(repositoryPath(suite.file, options.cwd))} | ${stats.passed} | ${stats.failed} | ${stats.skipped} | ${stats.errors} |\n`;
            }
            md += '\n';
          }
          if (failures.length > 0) md += `### Failures\n\n${list(failures, moreFailures, 'failures')}\n`;
          if (errors.length > 0) md += `### Input errors\n\n${list(errors, moreErrors, 'errors')}\n`;
          yield md;
          break;
        }
        default:
          break;
      }
    }
  };
}

/**
 * The GitHub Actions reporter (`--github`, or on its own when `GITHUB_ACTIONS=true`): failures,
 * input errors and warnings as workflow commands, which GitHub turns into annotations on the
 * YAML line of the expectation or diagnostic:
 *
 *     ::error file=cases/payments.yaml,line=36,col=5,title=iamspec%3A bob is denied::expected explicitDeny, got allow%0A...
 *
 * Command syntax: https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands,
 * "Setting an error message" / "Setting a warning message" (`::error file={name},line={line},col={col},title={title}::{message}`).
 * Escaping follows @actions/core (actions/toolkit, packages/core/src/command.ts, `escapeData` and
 * `escapeProperty`), read there and written here: data escapes `%`, CR and LF as `%25`, `%0D`,
 * `%0A` (`%` first, so an escape is never escaped twice); a property value also escapes `:` and
 * `,` as `%3A` and `%2C`, since they end a value; an empty property is left out, as the toolkit
 * leaves out falsy ones.
 *
 * GitHub shows at most 10 error and 10 warning annotations per step (and 50 per job; GitHub
 * community discussions 26680 and 68471: "10 warning annotations and 10 error annotations per
 * step"); more are dropped without a word. So the first 10 of each kind are printed, then one
 * `::notice::` line counts the rest, which the console report in the log lists in full.
 */
import type { CaseInfo, CaseResult, PositionedDiagnostic, Reporter, RunEvent } from './events';
import { expectedGot, explainLines } from './explain-text';
import { repositoryPath, type Locate } from './locate';

/** Annotations of one kind GitHub shows per step. */
export const annotationLimit = 10;

/** Lines of a failure's explanation put in its annotation (the log has the rest). */
const explanationLines = 6;

/** Escapes a workflow command's message (@actions/core `escapeData`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value (@actions/core `escapeProperty`). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The properties of an annotation, in the order GitHub documents them; absent or empty ones are left out. */
export interface AnnotationProperties {
  file?: string | undefined;
  line?: number | undefined;
  col?: number | undefined;
  title?: string | undefined;
}

/** One workflow command line, with its newline: `::NAME k=v,k=v::MESSAGE`. */
export function workflowCommand(name: 'error' | 'warning' | 'notice', properties: AnnotationProperties, message: string): string {
  const pairs: string[] = [];
  for (const key of ['file', 'line', 'col', 'title'] as const) {
    const value = properties[key];
    if (value !== undefined && value !== '' && value !== 0) pairs.push(`${key}=${escapeProperty(String(value))}`);
  }
  return `::${name}${pairs.length > 0 ? ` ${pairs.join(',')}` : ''}::${escapeData(message)}\n`;
}

/** Options of the GitHub reporter. */
export interface GithubOptions {
  /** Annotation paths are made relative to it (GitHub wants repository-relative paths). Default: as given. */
  cwd?: string;
  /** Resolves explanation spans to `FILE:LINE:COL`. */
  locate?: Locate;
  /** Annotations of each kind printed before the rest are counted. Default: {@link annotationLimit}. */
  limit?: number;
}

/** An annotation before it is printed. */
interface Annotation {
  kind: 'error' | 'warning';
  properties: AnnotationProperties;
  message: string;
}

/** An annotation of a diagnostic; `ofRun`: a problem of the whole run, whose `file` may be the paths given, not a file. */
function diagnosticAnnotation(d: PositionedDiagnostic, cwd: string | undefined, ofRun = false): Annotation {
  const file = ofRun && d.line === undefined ? undefined : repositoryPath(d.file, cwd);
  return {
    kind: d.severity === 'error' ? 'error' : 'warning',
    properties: { file, line: d.line, col: d.column, title: `iamspec: ${d.code}` },
    message: d.help ? `${d.message}\nhelp: ${d.help}` : d.message,
  };
}

function failureAnnotation(info: CaseInfo, result: CaseResult, options: GithubOptions): Annotation {
  const explanation = result.explanation ? explainLines(result.explanation, options.locate).slice(0, explanationLines) : [];
  return {
    kind: 'error',
    properties: {
      file: repositoryPath(info.location.file, options.cwd),
      line: info.location.line,
      col: info.location.column,
      title: `iamspec: ${info.name}`,
    },
    message: [expectedGot(info, result), ...explanation].join('\n'),
  };
}

/** The annotations one event asks for. */
function annotationsOf(event: RunEvent, options: GithubOptions): Annotation[] {
  switch (event.kind) {
    case 'case':
      if (event.result.outcome === 'fail') return [failureAnnotation(event.case, event.result, options)];
      if (event.result.outcome === 'error') return (event.result.diagnostics ?? []).map((d) => diagnosticAnnotation(d, options.cwd));
      return [];
    case 'suiteWarnings':
    case 'suiteError':
      return event.diagnostics.map((d) => diagnosticAnnotation(d, options.cwd, event.suite.run === true));
    default:
      return [];
  }
}

/** `3 more errors and 1 more warning`. */
function restText(errors: number, warnings: number): string {
  const part = (n: number, word: string): string => `${n} more ${word}${n === 1 ? '' : 's'}`;
  return [errors > 0 ? part(errors, 'error') : '', warnings > 0 ? part(warnings, 'warning') : ''].filter((p) => p !== '').join(' and ');
}

/** The GitHub reporter: annotations as the events arrive, then one notice counting those GitHub would drop. */
export function githubReporter(options: GithubOptions = {}): Reporter {
  const limit = options.limit ?? annotationLimit;
  return function* report(events: Iterable<RunEvent>): Generator<string> {
    const printed = { error: 0, warning: 0 };
    const rest = { error: 0, warning: 0 };
    for (const event of events) {
      for (const a of annotationsOf(event, options)) {
        if (printed[a.kind] < limit) {
          printed[a.kind]++;
          yield workflowCommand(a.kind, a.properties, a.message);
        } else rest[a.kind]++;
      }
      if (event.kind === 'runEnd' && rest.error + rest.warning > 0) {
        yield workflowCommand(
          'notice',
          { title: 'iamspec: more problems in the log' },
          `${restText(rest.error, rest.warning)} not shown as annotations (GitHub shows ${limit} of each kind per step); the log lists every one`,
        );
      }
    }
  };
}

/**
 * Our JUnit XML writer for Apache Ant's JUnit schema (`reports/testdata/JUnit.xsd`), which neither mocha's
 * xunit nor nodejs/node's junit output fits. What the schema demands, and what we write:
 *
 * - root `testsuites` has no attributes; each `testsuite` needs `package` and `id` (0, 1, ...),
 *   `name`, `timestamp` (`YYYY-MM-DDTHH:MM:SS`, no zone: we write UTC), `hostname`, `tests`,
 *   `failures`, `errors`, `time` (seconds, decimal); `skipped` is optional and written;
 * - children in order: `properties` (required, we list the scenario `file`), `testcase`*,
 *   `system-out` and `system-err` (required; warnings about the file go to `system-err`);
 * - a `testcase` has `name`, `classname`, `time` and at most one of `skipped`, `error`,
 *   `failure`; `failure@type` and `error@type` are required.
 *
 * One testsuite per scenario file; classname is the suite name (made unique in the run with the
 * file when two files share a name); testcase names are unique in their suite after the schema's
 * whitespace collapsing. A file that could not be used is a testsuite holding one testcase with an
 * `error` whose text is the formatted diagnostics; so is a run refused as a whole (`NO_CASES`, a
 * forbidden `only`, no scenario file), in a suite of its own. Output streams: only the current
 * suite is buffered, because its counts are attributes that precede its cases.
 *
 * Locations. The scenario contract wants each testcase to carry its expectation's `file` and
 * `line`, but the schema's `testcase` allows only `name`, `classname` and `time`, and the default
 * report must stay valid. So by default the location goes where the schema allows and the
 * consumers look (their parsers read, not copied: mikepenz/action-junit-report `src/testParser.ts`
 * `resolveFileAndLine`; dorny/test-reporter `src/parsers/jest-junit/jest-junit-parser.ts`
 * `exceptionThrowSource`; GitLab `lib/gitlab/ci/parsers/test/junit.rb`):
 *
 * - `failure@message` and the first line of the failure text start with `FILE:LINE:COL: `, which
 *   every log and GitLab's test details show verbatim;
 * - the second line is `    at expectation (FILE:LINE:COL)`, a stack frame: dorny's parser takes
 *   the first text line matching `(PATH:LINE:COL)` at its end whose path git tracks, and
 *   mikepenz's takes the line from the last ` …FILE…:LINE` in the text once it knows the file;
 * - an `error` (an unusable file) has `FILE:LINE:COL: ` in its `message` and as its text's first
 *   line.
 *
 * mikepenz's action and GitLab find the file only in a `file` attribute (mikepenz falls back to
 * the last `.`-separated part of `classname`, a Java class name, which our suite names are not), and
 * Jenkins reads `file`/`line` too. `--junit-file-attributes` ({@link JunitOptions.fileAttributes})
 * adds `file="PATH" line="N"` to every testcase: the de-facto extension those consumers read,
 * outside Ant's schema, so a report written with it no longer validates against it. Paths are
 * relative to the working directory (the repository root in CI), with `/` separators.
 */
import type { CaseInfo, CaseResult, Location, PositionedDiagnostic, Reporter, RunEvent, SuiteInfo } from './events';
import { formatDiagnostic } from './events';
import { expectedGot, explainLines, unusableFileCase } from './explain-text';
import { formatLocation, repositoryPath, type Locate } from './locate';
import { collapseToken, escapeAttribute as attr, escapeText as text } from './xml';

/** Options of the JUnit reporter. */
export interface JunitOptions {
  /** `testsuite@hostname`. Default: `localhost`, as the schema says when it is unknown. */
  hostname?: string;
  /** Resolves explanation spans to `FILE:LINE:COL`. Default: the file alone is printed. */
  locate?: Locate;
  /**
   * Adds `file` and `line` attributes to every testcase (`--junit-file-attributes`): what GitLab,
   * mikepenz/action-junit-report and Jenkins read, outside Ant's schema. Default: `false`.
   */
  fileAttributes?: boolean;
  /** Locations are written relative to this folder. Default: as the run gives them. */
  cwd?: string;
}

/** `failure@type` of a case whose decision differs from the expected one. */
export const failureType = 'DecisionMismatch';

/** `YYYY-MM-DDTHH:MM:SS` in UTC, the schema's `ISO8601_DATETIME_PATTERN`. */
export function junitTimestamp(time: Date): string {
  return time.toISOString().slice(0, 19);
}

/** Milliseconds as the schema's decimal seconds (never exponent notation, never negative). */
export function junitSeconds(ms: number): string {
  return (Number.isFinite(ms) && ms > 0 ? ms / 1000 : 0).toFixed(3);
}

/** One suite being buffered. */
interface OpenSuite {
  info: SuiteInfo;
  time: Date;
  classname: string;
  cases: string[];
  names: Set<string>;
  failures: number;
  errors: number;
  skipped: number;
  warnings: PositionedDiagnostic[];
}

/** How locations are written. */
interface Where {
  fileAttributes: boolean;
  cwd: string | undefined;
}

/** `name`, or `name (2)`, `name (3)`, ... the first one not yet in `seen` (which it joins). */
function unique(name: string, seen: Set<string>): string {
  let candidate = name;
  for (let n = 2; seen.has(candidate); n++) candidate = `${name} (${n})`;
  seen.add(candidate);
  return candidate;
}

/** A location with its file made repository-relative. */
function located(location: Location, where: Where): string {
  return formatLocation({ ...location, file: repositoryPath(location.file, where.cwd) });
}

/** ` file="..." line="..."` when asked for and known; otherwise nothing. */
function fileAttributes(where: Where, file: string | undefined, line: number | undefined): string {
  if (!where.fileAttributes || file === undefined) return '';
  return ` file="${attr(repositoryPath(file, where.cwd))}"${line !== undefined ? ` line="${line}"` : ''}`;
}

/** `FILE:LINE:COL` of a diagnostic (or its file alone), repository-relative. */
function diagnosticWhere(d: PositionedDiagnostic, where: Where): string {
  const file = repositoryPath(d.file, where.cwd);
  return d.line !== undefined ? `${file}:${d.line}:${d.column}` : file;
}

function errorElement(diagnostics: readonly PositionedDiagnostic[], fallback: string, where: Where): string {
  const first = diagnostics[0];
  const message = first ? `${diagnosticWhere(first, where)}: ${first.message}` : fallback;
  const type = first ? first.code : 'ERROR';
  const body = diagnostics.map((d) => formatDiagnostic({ ...d, file: repositoryPath(d.file, where.cwd) })).join('\n');
  return `      <error message="${attr(message)}" type="${attr(type)}">${text(body)}</error>\n`;
}

function caseElement(s: OpenSuite, info: CaseInfo, result: CaseResult, locate: Locate | undefined, where: Where): string {
  const name = unique(collapseToken(info.name), s.names);
  const open =
    `    <testcase name="${attr(name)}" classname="${attr(s.classname)}" time="${junitSeconds(result.durationMs)}"` +
    fileAttributes(where, info.location.file, info.location.line);
  switch (result.outcome) {
    case 'pass':
      return `${open}/>\n`;
    case 'skip': {
      s.skipped++;
      const message = result.reason !== undefined ? ` message="${attr(result.reason)}"` : '';
      return `${open}>\n      <skipped${message}/>\n    </testcase>\n`;
    }
    case 'fail': {
      s.failures++;
      const at = located(info.location, where);
      const message = `${at}: ${expectedGot(info, result)}`;
      // The second line is a stack frame, `at NAME (PATH:LINE:COL)`: what dorny/test-reporter's
      // parser looks for; the name is fixed so a `(` in a case name cannot move the match.
      const lines = [message, `    at expectation (${at})`, ...(result.explanation ? explainLines(result.explanation, locate) : [])];
      return `${open}>\n      <failure message="${attr(message)}" type="${failureType}">${text(lines.join('\n'))}</failure>\n    </testcase>\n`;
    }
    case 'error':
      s.errors++;
      return `${open}>\n${errorElement(result.diagnostics ?? [], 'the case could not be evaluated', where)}    </testcase>\n`;
  }
}

/** The testcase of an unusable file (or a refused run): one `error` with every diagnostic. */
function unusableElement(s: OpenSuite, diagnostics: readonly PositionedDiagnostic[], where: Where): string {
  const label = s.info.run ? (diagnostics[0]?.message ?? unusableFileCase) : unusableFileCase;
  const name = unique(collapseToken(label), s.names);
  const first = diagnostics.find((d) => d.line !== undefined);
  s.errors++;
  return (
    `    <testcase name="${attr(name)}" classname="${attr(s.classname)}" time="0.000"${fileAttributes(where, first?.file, first?.line)}>\n` +
    `${errorElement(diagnostics, label, where)}    </testcase>\n`
  );
}

function suiteXml(s: OpenSuite, id: number, durationMs: number, hostname: string): string {
  const name = collapseToken(s.info.name) || collapseToken(s.info.file) || 'unnamed suite';
  const head =
    `  <testsuite name="${attr(name)}" timestamp="${junitTimestamp(s.time)}" hostname="${attr(hostname)}"` +
    ` tests="${s.cases.length}" failures="${s.failures}" errors="${s.errors}" skipped="${s.skipped}"` +
    ` time="${junitSeconds(durationMs)}" package="${attr(collapseToken(s.info.file))}" id="${id}">\n`;
  const properties = `    <properties>\n      <property name="file" value="${attr(s.info.file)}"/>\n    </properties>\n`;
  const err = s.warnings.map(formatDiagnostic).join('\n');
  const tail = `    <system-out></system-out>\n    <system-err>${text(err)}</system-err>\n  </testsuite>\n`;
  return head + properties + s.cases.join('') + tail;
}

/**
 * The JUnit reporter. Yields the XML declaration and `<testsuites>` first, each testsuite when
 * its `suiteEnd` arrives, and the closing tag on `runEnd`.
 */
export function junitReporter(options: JunitOptions = {}): Reporter {
  const hostname = collapseToken(options.hostname ?? '') || 'localhost';
  const where: Where = { fileAttributes: options.fileAttributes ?? false, cwd: options.cwd };
  return function* report(events: Iterable<RunEvent>): Generator<string> {
    const classnames = new Set<string>();
    let open: OpenSuite | undefined;
    let id = 0;
    for (const event of events) {
      switch (event.kind) {
        case 'runStart':
          yield '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n';
          break;
        case 'suiteStart': {
          const base = collapseToken(event.suite.name) || collapseToken(event.suite.file);
          // Two files with one scenario name: the later one's classname also names its file.
          const wanted = classnames.has(base) ? `${base} (${collapseToken(event.suite.file)})` : base;
          open = {
            info: event.suite,
            time: event.time,
            classname: unique(wanted, classnames),
            cases: [],
            names: new Set(),
            failures: 0,
            errors: 0,
            skipped: 0,
            warnings: [],
          };
          break;
        }
        case 'suiteWarnings':
          open?.warnings.push(...event.diagnostics);
          break;
        case 'case':
          if (open) open.cases.push(caseElement(open, event.case, event.result, options.locate, where));
          break;
        case 'suiteError':
          if (open) open.cases.push(unusableElement(open, event.diagnostics, where));
          break;
        case 'suiteEnd':
          if (open) yield suiteXml(open, id++, event.durationMs, hostname);
          open = undefined;
          break;
        case 'runEnd':
          yield '</testsuites>\n';
          break;
      }
    }
  };
}

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
 * `error` whose text is the formatted diagnostics. Output streams: only the current suite is
 * buffered, because its counts are attributes that precede its cases.
 */
import type { CaseInfo, CaseResult, PositionedDiagnostic, Reporter, RunEvent, SuiteInfo } from './events';
import { formatDiagnostic } from './events';
import { expectedGot, failureLines, unusableFileCase } from './explain-text';
import type { Locate } from './locate';
import { collapseToken, escapeAttribute as attr, escapeText as text } from './xml';

/** Options of the JUnit reporter. */
export interface JunitOptions {
  /** `testsuite@hostname`. Default: `localhost`, as the schema says when it is unknown. */
  hostname?: string;
  /** Resolves explanation spans to `FILE:LINE:COL`. Default: the file alone is printed. */
  locate?: Locate;
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

/** `name`, or `name (2)`, `name (3)`, ... the first one not yet in `seen` (which it joins). */
function unique(name: string, seen: Set<string>): string {
  let candidate = name;
  for (let n = 2; seen.has(candidate); n++) candidate = `${name} (${n})`;
  seen.add(candidate);
  return candidate;
}

function errorElement(diagnostics: readonly PositionedDiagnostic[], fallback: string): string {
  const first = diagnostics[0];
  const message = first ? first.message : fallback;
  const type = first ? first.code : 'ERROR';
  const body = diagnostics.map(formatDiagnostic).join('\n');
  return `      <error message="${attr(message)}" type="${attr(type)}">${text(body)}</error>\n`;
}

function caseElement(s: OpenSuite, info: CaseInfo, result: CaseResult, locate: Locate | undefined): string {
  const name = unique(collapseToken(info.name), s.names);
  const open = `    <testcase name="${attr(name)}" classname="${attr(s.classname)}" time="${junitSeconds(result.durationMs)}"`;
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
      const message = attr(expectedGot(info, result));
      const body = text(failureLines(info, result, locate).join('\n'));
      return `${open}>\n      <failure message="${message}" type="${failureType}">${body}</failure>\n    </testcase>\n`;
    }
    case 'error':
      s.errors++;
      return `${open}>\n${errorElement(result.diagnostics ?? [], 'the case could not be evaluated')}    </testcase>\n`;
  }
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
          if (open) open.cases.push(caseElement(open, event.case, event.result, options.locate));
          break;
        case 'suiteError':
          if (open) {
            const name = unique(unusableFileCase, open.names);
            open.errors++;
            open.cases.push(
              `    <testcase name="${attr(name)}" classname="${attr(open.classname)}" time="0.000">\n` +
                `${errorElement(event.diagnostics, unusableFileCase)}    </testcase>\n`,
            );
          }
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

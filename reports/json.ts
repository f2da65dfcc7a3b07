/**
 * The JSON reporter (`--json FILE`): every case with its decision and explanation.
 *
 * Shape (version 2; within a version, fields are only ever added). One JSON document; its outer
 * structure is indented, and each case and each diagnostic is compact JSON on a line of its own,
 * so that `grep` finds one case per line:
 *
 *     {
 *       "version": 2,
 *       "startedAt": ISO 8601 time of the run,
 *       "trace": "failures" | "all",       which cases carry explanation.policies (`--json-trace`)
 *       "files": [scenario file paths, as the run lists them],
 *       "suites": [{                      one per scenario file, in run order
 *         "name", "file", "startedAt",
 *         "cases": [{                     in run order, one line each
 *           "name", "expectation"?, "principal", "action", "resource",
 *           "expected": "allow" | "deny" | "implicitDeny" | "explicitDeny",
 *           "location": { "file", "line", "column" }   the expectation
 *           "outcome": "pass" | "fail" | "skip" | "error",
 *           "actual"?: "allow" | "implicitDeny" | "explicitDeny",
 *           "durationMs", "reason"? (skip), "diagnostics"? (error),
 *           "explanation"?: {         for pass and fail (runner/engine/types.ts Explanation)
 *             "decision", "rule", "decidedBy", "level"?, "grantedBy",
 *             "explicitDeny"?: { "layer", "level"?, "policy" }, "requiredResourcePolicy"?,
 *             "serviceDenial"?: { "service", "id" }, "sessionPolicyCount"?,
 *             "deciding": [{ "policy", "layer", "level"?, "index", "sid"?, "span" }],
 *             "layers": [{ "layer", "level"?, "result" }],
 *             "request": { "action", "principalKind", "principalAccount"?, "resourceAccount"?,
 *                          "sameAccount", "hasResourcePolicy" },
 *             "context": { key: value, ... keys sorted }, "missingContextKeys": [...],
 *             "dependents"?: [{ "service", "id", "action", "resource", "explanation" }],
 *             "policies"?: [{ "name", "layer", "level"?, "span", "statements": [{ "index",
 *                 "sid"?, "effect", "matched", "elements": [{ "element", "matched", "entry"?,
 *                 "span"? }], "conditions": [{ "operator", "key", "values", "contextValues"?,
 *                 "matched", "span" }], "variables"?, "span" }] }]
 *                 the statement-by-statement trace: in failed cases, and in every case under
 *                 `--json-trace all`; a dependent request's explanation follows its case
 *           }
 *         }],
 *         "usable": false when the file could not be used,
 *         "diagnostics": [{ "code", "severity", "message", "help"?, "file", "line"?,
 *                           "column"?, "sourceLine"? }]   warnings, and errors of an unusable file
 *         "stats": { "passed", "failed", "skipped", "errors", "warnings" },
 *         "durationMs"
 *       }],
 *       "stats": { ... as above, for the run },
 *       "durationMs"
 *     }
 *
 * A span is `{ "file", "start", "end", "line"?, "column"? }` (offsets, and the 1-based position
 * of `start` when its file's text is known). Keys are written in the order above, explicitly
 * (reports/json-explanation.ts), so output is deterministic without sorting every object.
 * `reports/schemas/json-report.schema.json` is the JSON Schema of this shape.
 *
 * Version 1 wrote every case pretty-printed with every key sorted, and the statement trace of
 * every case: about 20 KB per case, 2 GB for 100,000 cases.
 */
import type { CaseInfo, CaseResult, PositionedDiagnostic, Reporter, RunEvent, Stats } from './events';
import { ExplanationWriter, num, opt, str, type JsonTrace } from './json-explanation';
import type { Locate } from './locate';

export type { JsonTrace } from './json-explanation';

/** The values of `--json-trace`, in the order the help lists them. */
export const jsonTraces: readonly JsonTrace[] = ['failures', 'all'];

/** Options of the JSON reporter. */
export interface JsonOptions {
  /** Adds `line` and `column` to explanation spans. Default: spans keep offsets only. */
  locate?: Locate;
  /** Which cases carry the statement trace (`explanation.policies`). Default: `'failures'`. */
  trace?: JsonTrace;
}

/** Stats in the documented key order, whatever order the runner built them in. */
function statsJson(s: Stats): string {
  return `{"passed":${num(s.passed)},"failed":${num(s.failed)},"skipped":${num(s.skipped)},"errors":${num(s.errors)},"warnings":${num(s.warnings)}}`;
}

function diagnosticJson(d: PositionedDiagnostic): string {
  return (
    `{"code":${str(d.code)},"severity":${str(d.severity)},"message":${str(d.message)}${opt('help', d.help, str)}` +
    `,"file":${str(d.file)}${opt('line', d.line, num)}${opt('column', d.column, num)}${opt('sourceLine', d.sourceLine, str)}}`
  );
}

function caseJson(info: CaseInfo, result: CaseResult, writer: ExplanationWriter, trace: JsonTrace): string {
  const { location } = info;
  let out = `{"name":${str(info.name)}${opt('expectation', info.expectation, str)}`;
  out += `,"principal":${str(info.principal)},"action":${str(info.action)},"resource":${str(info.resource)},"expected":${str(info.expected)}`;
  out += `,"location":{"file":${str(location.file)},"line":${num(location.line)},"column":${num(location.column)}}`;
  out += `,"outcome":${str(result.outcome)}`;
  out += `${opt('actual', result.actual, str)},"durationMs":${num(result.durationMs)}${opt('reason', result.reason, str)}`;
  if (result.diagnostics !== undefined) out += `,"diagnostics":[${result.diagnostics.map(diagnosticJson).join(',')}]`;
  if (result.explanation !== undefined) {
    const withPolicies = trace === 'all' || result.outcome === 'fail';
    out += `,"explanation":${writer.explanation(result.explanation, withPolicies)}`;
  }
  return out + '}';
}

/** An indented list of one-line items: `[`, then each item on its own line, then `]`. */
function lines(items: readonly string[], indent: string): string {
  return items.length === 0 ? '[]' : `[\n${indent}  ${items.join(`,\n${indent}  `)}\n${indent}]`;
}

/** The JSON reporter: one document, streamed as each case arrives. */
export function jsonReporter(options: JsonOptions = {}): Reporter {
  const trace = options.trace ?? 'failures';
  return function* report(events: Iterable<RunEvent>): Generator<string> {
    const writer = new ExplanationWriter(options.locate);
    let suites = 0;
    let cases = 0;
    let usable = true;
    let diagnostics: PositionedDiagnostic[] = [];
    for (const event of events) {
      switch (event.kind) {
        case 'runStart':
          yield `{\n  "version": 2,\n  "startedAt": ${str(event.time.toISOString())},\n  "trace": ${str(trace)},\n`;
          yield `  "files": ${lines(event.files.map(str), '  ')},\n  "suites": [`;
          break;
        case 'suiteStart': {
          const { name, file } = event.suite;
          yield `${suites++ === 0 ? '' : ','}\n    {\n      "name": ${str(name)},\n      "file": ${str(file)},\n`;
          yield `      "startedAt": ${str(event.time.toISOString())},\n      "cases": [`;
          cases = 0;
          usable = true;
          diagnostics = [];
          break;
        }
        case 'suiteWarnings':
          diagnostics.push(...event.diagnostics);
          break;
        case 'case':
          yield `${cases++ === 0 ? '' : ','}\n        ${caseJson(event.case, event.result, writer, trace)}`;
          break;
        case 'suiteError':
          usable = false;
          diagnostics.push(...event.diagnostics);
          break;
        case 'suiteEnd':
          yield `${cases === 0 ? '' : '\n      '}],\n      "usable": ${usable},\n`;
          yield `      "diagnostics": ${lines(diagnostics.map(diagnosticJson), '      ')},\n`;
          yield `      "stats": ${statsJson(event.stats)},\n      "durationMs": ${num(event.durationMs)}\n    }`;
          break;
        case 'runEnd':
          yield `${suites === 0 ? '' : '\n  '}],\n  "stats": ${statsJson(event.stats)},\n`;
          yield `  "durationMs": ${num(event.durationMs)}\n}\n`;
          break;
      }
    }
  };
}

/**
 * The JSON reporter (`--json FILE`): every case with its decision and explanation.
 *
 * Shape (version 1; fields are only ever added):
 *
 *     {
 *       "version": 1,
 *       "startedAt": ISO 8601 time of the run,
 *       "files": [scenario file paths, as the run lists them],
 *       "suites": [{                      one per scenario file, in run order
 *         "name", "file", "startedAt",
 *         "cases": [{                     in run order
 *           "name", "expectation"?, "principal", "action", "resource",
 *           "expected": "allow" | "deny" | "implicitDeny" | "explicitDeny",
 *           "location": { "file", "line", "column" }   the expectation
 *           "outcome": "pass" | "fail" | "skip" | "error",
 *           "actual"?: "allow" | "implicitDeny" | "explicitDeny",
 *           "durationMs", "reason"? (skip), "diagnostics"? (error),
 *           "explanation"?: the engine's Explanation (runner/engine/types.ts) with every
 *                           span { file, start, end } given "line" and "column" when known
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
 * Output equals `JSON.stringify(value, null, 2)` plus a newline, but streams case by case;
 * objects inside explanations and diagnostics have their keys sorted, so output is deterministic.
 */
import type { CaseInfo, CaseResult, Explanation, PositionedDiagnostic, Reporter, RunEvent, Span, Stats } from './events';
import type { Locate } from './locate';
import { sortKeys } from '../lib/sort-keys';

/** Options of the JSON reporter. */
export interface JsonOptions {
  /** Adds `line` and `column` to explanation spans. Default: spans keep offsets only. */
  locate?: Locate;
}

/** A span with its position, when known. */
type LocatedSpan = Span & { line?: number; column?: number };

/** Replaces every `span` of an explanation with a located copy. */
function locateExplanation(e: Explanation, locate: Locate | undefined): unknown {
  const at = (span: Span): LocatedSpan => {
    const location = locate?.(span);
    return location ? { ...span, line: location.line, column: location.column } : span;
  };
  return {
    ...e,
    deciding: e.deciding.map((d) => ({ ...d, span: at(d.span) })),
    policies: e.policies.map((p) => ({
      ...p,
      span: at(p.span),
      statements: p.statements.map((s) => ({
        ...s,
        span: at(s.span),
        elements: s.elements.map((el) => (el.span ? { ...el, span: at(el.span) } : el)),
        conditions: s.conditions.map((c) => ({ ...c, span: at(c.span) })),
      })),
    })),
    ...(e.dependents ? { dependents: e.dependents.map((d) => ({ ...d, explanation: locateExplanation(d.explanation, locate) })) } : {}),
  };
}

/** Stats in the documented key order, whatever order the runner built them in. */
function statsJson(s: Stats): Stats {
  return { passed: s.passed, failed: s.failed, skipped: s.skipped, errors: s.errors, warnings: s.warnings };
}

function caseJson(info: CaseInfo, result: CaseResult, locate: Locate | undefined): unknown {
  return {
    name: info.name,
    expectation: info.expectation,
    principal: info.principal,
    action: info.action,
    resource: info.resource,
    expected: info.expected,
    location: { file: info.location.file, line: info.location.line, column: info.location.column },
    outcome: result.outcome,
    actual: result.actual,
    durationMs: result.durationMs,
    reason: result.reason,
    diagnostics: result.diagnostics?.map(sortKeys),
    explanation: result.explanation ? sortKeys(locateExplanation(result.explanation, locate)) : undefined,
  };
}

/** `JSON.stringify(value, null, 2)`, its continuation lines indented by `depth` levels. */
function json(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

/** The JSON reporter: one document, streamed as each case arrives. */
export function jsonReporter(options: JsonOptions = {}): Reporter {
  return function* report(events: Iterable<RunEvent>): Generator<string> {
    let suites = 0;
    let cases = 0;
    let usable = true;
    let diagnostics: PositionedDiagnostic[] = [];
    for (const event of events) {
      switch (event.kind) {
        case 'runStart':
          yield `{\n  "version": 1,\n  "startedAt": ${json(event.time.toISOString(), 1)},\n`;
          yield `  "files": ${json(event.files, 1)},\n  "suites": [`;
          break;
        case 'suiteStart': {
          const { name, file } = event.suite;
          yield `${suites++ === 0 ? '' : ','}\n    {\n      "name": ${json(name, 3)},\n      "file": ${json(file, 3)},\n`;
          yield `      "startedAt": ${json(event.time.toISOString(), 3)},\n      "cases": [`;
          cases = 0;
          usable = true;
          diagnostics = [];
          break;
        }
        case 'suiteWarnings':
          diagnostics.push(...event.diagnostics);
          break;
        case 'case':
          yield `${cases++ === 0 ? '' : ','}\n        ${json(caseJson(event.case, event.result, options.locate), 4)}`;
          break;
        case 'suiteError':
          usable = false;
          diagnostics.push(...event.diagnostics);
          break;
        case 'suiteEnd':
          yield `${cases === 0 ? '' : '\n      '}],\n      "usable": ${usable},\n`;
          yield `      "diagnostics": ${json(diagnostics.map(sortKeys), 3)},\n`;
          yield `      "stats": ${json(statsJson(event.stats), 3)},\n      "durationMs": ${json(event.durationMs, 3)}\n    }`;
          break;
        case 'runEnd':
          yield `${suites === 0 ? '' : '\n  '}],\n  "stats": ${json(statsJson(event.stats), 1)},\n`;
          yield `  "durationMs": ${json(event.durationMs, 1)}\n}\n`;
          break;
      }
    }
  };
}

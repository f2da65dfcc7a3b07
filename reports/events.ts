/**
 * RunEvent: the contract between the runner and the reporters (mocha's vocabulary; nodejs/node's
 * test runner puts a location in every event). Reporters see run, engine and diagnostic types only
 * through this module.
 */
import type { PositionedDiagnostic } from '../runner/diagnostics';
import type { Coverage } from '../runner/coverage-types';
import type { Decision, Explanation } from '../runner/engine/types';

export type { PositionedDiagnostic, Span } from '../runner/diagnostics';
export type { Coverage, FileCoverage, LineRange, StatementCoverage, StatementStatus, UnmetCondition } from '../runner/coverage-types';
/** Prints a positioned diagnostic (`FILE:LINE:COL: severity: message`, help, source line); re-exported for reporters. */
export { formatDiagnostic } from '../runner/diagnostics';
/** Line and column of offsets into one text, computed once per file; re-exported for reporters. */
export { lineIndex, locateOffset } from '../runner/diagnostics';
export type {
  ConditionTrace,
  ContextValue,
  Decision,
  DependentExplanation,
  ElementMatch,
  Explanation,
  Layer,
  LayerTrace,
  PolicyTrace,
  ServiceDenial,
  StatementTrace,
} from '../runner/engine/types';
/** The policy layers and their names, in AWS's evaluation order; re-exported for reporters. */
export { layers, layerSpecs } from '../runner/engine/types';

/** What an expectation asked for: a decision, or `deny` (either kind of deny). */
export type Expected = Decision | 'deny';

/** A test outcome. `error` means the input could not be used (opa's PASS/FAIL/SKIPPED/ERROR). */
export type Outcome = 'pass' | 'fail' | 'skip' | 'error';

/** A position in a user's file, resolved for printing. */
export interface Location {
  file: string;
  line: number;
  column: number;
}

/** One scenario file. */
export interface SuiteInfo {
  /** Suite name: the scenario's `name`, default the file's path. */
  name: string;
  /** Path of the scenario file, as given on the command line or found under a folder. */
  file: string;
  /**
   * Not a scenario file: the problems of the run as a whole (no scenario or no case found, a
   * forbidden `only`), so that the file reports show why the exit code is what it is. Its
   * `file` is the paths the run was given. The console reporter leaves it out (the caller prints
   * those diagnostics on stderr).
   */
  run?: boolean;
}

/** One test case: one (principal, resource, action, context) with one expected decision. */
export interface CaseInfo {
  /** Stable, unique within its suite: `expectation › principal › action on resource`. */
  name: string;
  /** The expectation's name, when it has one. */
  expectation?: string;
  principal: string;
  action: string;
  /** Resource name or ARN; `*` when the expectation has none. */
  resource: string;
  expected: Expected;
  location: Location;
}

/** A case's result. */
export interface CaseResult {
  outcome: Outcome;
  /** The engine's decision (absent for skip and error). */
  actual?: Decision;
  /** Present for failures and whenever the run asked for explanations (`--json`). */
  explanation?: Explanation;
  /** Wall time of the evaluation in milliseconds. */
  durationMs: number;
  /** Why a case errored. */
  diagnostics?: PositionedDiagnostic[];
  /** Why a case was skipped (`skip: true`, another expectation has `only: true`, ...), when known. */
  reason?: string;
}

/** Counts of a suite or run. */
export interface Stats {
  passed: number;
  failed: number;
  skipped: number;
  errors: number;
  /** Warnings reported about the input (not promoted by `--strict`). */
  warnings: number;
}

/** The events, in order: runStart, then per suite suiteStart, its cases, suiteEnd; then runEnd. */
export type RunEvent =
  | { kind: 'runStart'; time: Date; files: string[] }
  | { kind: 'suiteStart'; suite: SuiteInfo; time: Date }
  /** Warnings about a usable file (unknown action in a policy, inapplicable condition key, ...). */
  | { kind: 'suiteWarnings'; suite: SuiteInfo; diagnostics: PositionedDiagnostic[] }
  | { kind: 'case'; suite: SuiteInfo; case: CaseInfo; result: CaseResult }
  /** The file could not be used: every problem found in it. */
  | { kind: 'suiteError'; suite: SuiteInfo; diagnostics: PositionedDiagnostic[] }
  | { kind: 'suiteEnd'; suite: SuiteInfo; stats: Stats; durationMs: number }
  /** `coverage`: present when the run collected it (`--coverage`, `--cobertura`, `--coverage-threshold`). */
  | { kind: 'runEnd'; stats: Stats; durationMs: number; coverage?: Coverage };

/**
 * A reporter: a function from the event stream to text chunks (nodejs/node's reporters). It
 * holds no runner reference and never mutates events.
 */
export type Reporter = (events: Iterable<RunEvent>) => Iterable<string>;

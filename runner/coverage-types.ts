/**
 * Coverage of policies by the suites, as data: which statements of which loaded policies the run
 * exercised. The runner computes it (runner/coverage.ts) and hands it to the reporters on the
 * `runEnd` event (reports/events.ts); the reporters own the words and the file formats.
 *
 * A statement is **covered** when, for at least one request the run evaluated, it matched: its
 * Action/NotAction, Resource/NotResource, Principal/NotPrincipal and every condition matched, so
 * its effect applied. It is **partially covered** when it was never covered but, for at least one
 * request, everything but its conditions matched (the Deny a condition-key typo disables: the key
 * is in no request, so the condition never matches). Otherwise it is **not covered**.
 */
import type { Location } from '../reports/events';

/** A statement's coverage status (see the module comment). */
export type StatementStatus = 'covered' | 'partial' | 'uncovered';

/** Lines `start` to `end` of a file, 1-based and inclusive. */
export interface LineRange {
  start: number;
  end: number;
}

/** A condition of a partially covered statement that matched in no request. */
export interface UnmetCondition {
  /** The operator as written (`IpAddress`, `ForAnyValue:StringLike`). */
  operator: string;
  /** The condition key as written. */
  key: string;
  location: Location;
  /** True when some request the statement was evaluated for had the key (then its values never matched). */
  keyInRequests: boolean;
}

/** One statement of a loaded policy. */
export interface StatementCoverage {
  /** The policy's name in the scenario (or its label, or an AWS managed policy's ARN). */
  policy: string;
  /** The policy kind it was first parsed as (`identity`, `boundary`, `resource`, `scp`, ...). */
  kind: string;
  /** 0-based position in the policy's Statement list. */
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  /** Where the statement starts. */
  location: Location;
  /** The line where it ends. */
  endLine: number;
  status: StatementStatus;
  /** How many evaluated requests it matched (0 unless covered). */
  hits: number;
  /** For a partially covered statement: its conditions that never matched. */
  unmetConditions?: UnmetCondition[];
}

/** The statements of one file, and its lines. */
export interface FileCoverage {
  /** The file as the run names it (relative to the working folder when given so). */
  file: string;
  /** True for an AWS managed policy: `file` is its ARN and positions point into the pinned document. */
  managed: boolean;
  /** In document order. */
  statements: StatementCoverage[];
  /** Lines of covered statements, merged. */
  covered: LineRange[];
  /** Lines of statements not covered (partially covered included), merged. */
  notCovered: LineRange[];
  coveredStatements: number;
  partialStatements: number;
  totalStatements: number;
  /** Covered statements in percent of all, rounded down to 2 decimals; 100 without statements. */
  percent: number;
}

/** The coverage of a run. */
export interface Coverage {
  /** The working folder (absolute): report paths are relative to it. */
  root: string;
  /** Sorted by file. */
  files: FileCoverage[];
  coveredStatements: number;
  partialStatements: number;
  totalStatements: number;
  /** Covered statements in percent of all, rounded down to 2 decimals; 100 without statements. */
  percent: number;
  /** `--coverage-threshold`, when given. */
  threshold?: number;
  /** False when a threshold is given and the coverage is below it (the run then exits 1). */
  thresholdMet: boolean;
}

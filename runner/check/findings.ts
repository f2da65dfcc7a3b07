/**
 * The findings model of `iamspec check`: what is wrong or dangerous in a policy on its own.
 *
 * Severities are IAM Access Analyzer's policy validation finding types, in its order
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html:
 * "Error", "Security warning", "Warning", "Suggestion"). Codes are ours: SCREAMING_SNAKE, stable
 * once released, and the same words as the diagnostics (`runner/diagnostics.ts`) when a finding is
 * a policy diagnostic, so `UNKNOWN_ACTION` means one thing in `iamspec test` and `iamspec check`.
 * Each code has a page `docs/checks/<CODE>.md`.
 */
import { diagnosticCodes, type DiagnosticCode, type Span } from '../diagnostics';

/** Access Analyzer's finding types, most severe first. */
export const findingSeverities = ['ERROR', 'SECURITY_WARNING', 'WARNING', 'SUGGESTION'] as const;

/** A finding type. */
export type FindingSeverity = (typeof findingSeverities)[number];

/** The findings `iamspec check` adds to the policy diagnostics, with their severity and title. */
export const checkRules = {
  PASS_ROLE_WITH_STAR: { severity: 'SECURITY_WARNING', title: '`iam:PassRole` allowed on every role (`Resource: "*"`)' },
  ALLOW_WITH_NOT_ACTION: { severity: 'SECURITY_WARNING', title: 'an Allow statement with `NotAction`' },
  ALLOW_WITH_NOT_RESOURCE: { severity: 'SECURITY_WARNING', title: 'an Allow statement with `NotResource`' },
  FOR_ALL_VALUES_WITH_ALLOW: { severity: 'SECURITY_WARNING', title: '`ForAllValues:` in an Allow statement, true when the key is absent' },
  REDUNDANT_ACTION: { severity: 'SUGGESTION', title: 'an action a wildcard of the same statement already covers' },
  REDUNDANT_STATEMENT: { severity: 'SUGGESTION', title: 'a statement that repeats another statement of the policy' },
  PUBLIC_ACCESS: { severity: 'SECURITY_WARNING', title: 'a resource-based policy that lets callers outside the account in' },
  PRIVILEGE_ESCALATION: { severity: 'SECURITY_WARNING', title: 'a principal that can escalate its own privileges' },
} as const satisfies Record<string, { severity: FindingSeverity; title: string }>;

/** A code of a check of `iamspec check` beyond the policy diagnostics. */
export type CheckRuleCode = keyof typeof checkRules;

/** A finding's code: a policy diagnostic's code, or a check's. */
export type FindingCode = DiagnosticCode | CheckRuleCode;

/**
 * The diagnostics that are findings about a policy (its grammar and the catalog checks), with
 * their severity. Grammar errors (what AWS refuses) are ERROR, as Access Analyzer's "Error"
 * checks; catalog warnings are WARNING (an unknown action may be newer than the pinned catalog);
 * a policy variable that stays literal text is a WARNING too. Every other diagnostic (YAML, the
 * scenario format, a file that cannot be read) is input `check` cannot use: exit 2.
 */
export const diagnosticFindings: Partial<Record<DiagnosticCode, FindingSeverity>> = {
  BAD_POLICY: 'ERROR',
  BAD_VERSION: 'ERROR',
  MISSING_STATEMENT: 'ERROR',
  BAD_EFFECT: 'ERROR',
  MISSING_EFFECT: 'ERROR',
  MISSING_ACTION: 'ERROR',
  MISSING_RESOURCE: 'ERROR',
  CONFLICTING_ELEMENTS: 'ERROR',
  MISSING_PRINCIPAL: 'ERROR',
  UNEXPECTED_PRINCIPAL: 'ERROR',
  NOT_PRINCIPAL_WITH_ALLOW: 'ERROR',
  BAD_PRINCIPAL: 'ERROR',
  BAD_ACTION: 'ERROR',
  BAD_ARN: 'ERROR',
  UNSUPPORTED_ELEMENT: 'ERROR',
  UNKNOWN_VARIABLE: 'ERROR',
  UNKNOWN_OPERATOR: 'ERROR',
  BAD_CONDITION: 'ERROR',
  BAD_CONDITION_VALUE: 'ERROR',
  UNKNOWN_ELEMENT: 'ERROR',
  DUPLICATE_SID: 'ERROR',
  LITERAL_VARIABLE: 'WARNING',
  UNKNOWN_SERVICE: 'WARNING',
  UNKNOWN_ACTION: 'WARNING',
  UNKNOWN_CONDITION_KEY: 'WARNING',
  CONDITION_KEY_NOT_APPLICABLE: 'WARNING',
  OPERATOR_TYPE_MISMATCH: 'WARNING',
  UNMATCHABLE_ARN: 'WARNING',
};

/** Every finding code, with its default severity and one-line title. */
export function allFindingCodes(): { code: FindingCode; severity: FindingSeverity; title: string }[] {
  const fromDiagnostics = Object.entries(diagnosticFindings).map(([code, severity]) => ({
    code: code as DiagnosticCode,
    severity: severity,
    title: diagnosticCodes[code as DiagnosticCode],
  }));
  const fromChecks = Object.entries(checkRules).map(([code, rule]) => ({
    code: code as CheckRuleCode,
    severity: rule.severity,
    title: rule.title,
  }));
  return [...fromDiagnostics, ...fromChecks].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** One finding. Message style as diagnostics: lowercase, no final period, user values in backticks. */
export interface Finding {
  code: FindingCode;
  severity: FindingSeverity;
  message: string;
  /** Where; absent only when a finding concerns a whole file without a position. */
  span?: Span;
  /** The file, when there is no span. */
  file?: string;
  /** The policy's name (a scenario's name for it, a file, a plan address, an ARN). */
  policy?: string;
  /** The statement, when the finding is about one: 0-based index and Sid. */
  statement?: { index: number; sid?: string };
  /** What to do about it. */
  help?: string;
}

/** True when `severity` is at or above `threshold` (ERROR is the highest). */
export function atOrAbove(severity: FindingSeverity, threshold: FindingSeverity): boolean {
  return findingSeverities.indexOf(severity) <= findingSeverities.indexOf(threshold);
}

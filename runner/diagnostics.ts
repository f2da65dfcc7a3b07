/**
 * Diagnostics: the one stream of user-facing problems (YAML, schema, policy, catalog, plan).
 *
 * User mistakes are values, not exceptions: each stage returns `{ value?, diagnostics }` and goes on
 * to find every problem it can (eemeli/yaml's `doc.errors`, cedar's `ParseErrors`).
 */
/** A range of user text: byte offsets into the file's text (line and column are computed when printing). */
export interface Span {
  /** Path of the file, as the user named it (relative to the working directory where possible). */
  file: string;
  /** Offset of the first character. */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

/**
 * Stable diagnostic codes. Once released, a code is never renamed (SCREAMING_SNAKE, like
 * eemeli/yaml's `ErrorCode`, so YAML errors and ours form one stream).
 */
export const diagnosticCodes = {
  // reading and parsing
  READ_ERROR: 'a file could not be read',
  FILE_TOO_LARGE: 'a file is larger than the documented limit',
  BINARY_FILE: 'a file is not UTF-8 text',
  EMPTY_FILE: 'a scenario file holds no document',
  YAML_SYNTAX: 'YAML or JSON syntax error',
  YAML_ALIAS_LIMIT: 'too many YAML alias expansions',
  NESTING_TOO_DEEP: 'nesting deeper than the documented limit',
  TOO_MANY_VALUES: 'a condition key or context key with more values than the documented limit',
  DUPLICATE_KEY: 'a key is given twice in one mapping',
  // scenario schema
  SCHEMA: 'the scenario does not follow the documented format',
  UNKNOWN_KEY: 'a key the format does not know',
  NUMBER_NOT_STRING: 'a number where a string is required (quote it)',
  UNDECLARED_VAR: 'a template variable that `vars` does not declare',
  VAR_CYCLE: 'template variables whose values refer to each other in a circle',
  UNKNOWN_POLICY: 'a policy name that `policies` does not declare',
  UNKNOWN_PRINCIPAL: 'a principal name that `principals` does not declare',
  UNKNOWN_RESOURCE: 'a resource name that `resources` does not declare',
  UNKNOWN_ENDPOINT: 'an endpoint name that `endpoints` does not declare',
  POLICY_FILE_ESCAPES: 'a policy file path that leaves the project',
  UNKNOWN_MANAGED_POLICY: 'an AWS managed policy ARN the pinned copy does not hold',
  MANAGED_POLICY_NOT_ATTACHABLE: 'an AWS managed policy where AWS cannot attach one (SCP, RCP, resource-based policy)',
  // policies, principals and resources from Terraform plans and CloudFormation templates
  BAD_SOURCE: 'a Terraform plan or CloudFormation template that cannot be read as one',
  SOURCE_NOT_FOUND: 'an address or logical id that the plan or template does not hold',
  SOURCE_NO_POLICY: 'a resource that holds no policy of the kind asked for',
  UNKNOWN_VALUE: 'a value the plan only knows after apply, or a template value only a deployment knows',
  UNRESOLVABLE: 'a value that cannot be resolved offline (an intrinsic function, an import, a dynamic reference)',
  // policy grammar (what AWS would reject)
  BAD_POLICY: 'the policy document is not an IAM policy',
  BAD_VERSION: 'an unknown policy Version',
  MISSING_STATEMENT: 'a policy without Statement',
  BAD_EFFECT: 'an Effect other than Allow or Deny',
  MISSING_EFFECT: 'a statement without Effect',
  MISSING_ACTION: 'a statement with neither Action nor NotAction',
  MISSING_RESOURCE: 'a statement with neither Resource nor NotResource where one is required',
  CONFLICTING_ELEMENTS: 'both an element and its Not form in one statement',
  MISSING_PRINCIPAL: 'a resource-based policy statement without Principal',
  UNEXPECTED_PRINCIPAL: 'Principal or NotPrincipal in a policy type that does not take it',
  NOT_PRINCIPAL_WITH_ALLOW: 'NotPrincipal in an Allow statement',
  BAD_PRINCIPAL: 'a malformed principal',
  BAD_ACTION: 'a malformed action',
  BAD_ARN: 'a malformed ARN',
  UNMATCHABLE_ARN:
    'a well-formed ARN that can never match a real request (a secret without its suffix, an S3 ARN with a Region, another partition)',
  UNSUPPORTED_ELEMENT: 'an element the policy type does not take (Resource in a role trust policy)',
  UNKNOWN_VARIABLE: 'a policy variable that names no key AWS knows',
  UNKNOWN_OPERATOR: 'an unknown condition operator',
  BAD_CONDITION: 'a malformed Condition block',
  BAD_CONDITION_VALUE: 'a condition value that does not fit its operator',
  UNKNOWN_ELEMENT: 'a policy element AWS does not know',
  DUPLICATE_SID: 'two statements with one Sid',
  LITERAL_VARIABLE: 'a policy variable in a policy whose Version does not substitute it',
  // catalog-backed checks
  UNKNOWN_SERVICE: 'a service the catalog does not know',
  UNKNOWN_ACTION: 'an action the catalog does not know',
  UNKNOWN_SELECTOR: 'a catalog selector that selects nothing',
  UNKNOWN_CONDITION_KEY: 'a condition key the catalog does not know',
  CONDITION_KEY_NOT_APPLICABLE: 'a condition key that the action does not support',
  OPERATOR_TYPE_MISMATCH: 'an operator that does not fit the condition key type',
  ACTION_NOT_APPLICABLE: 'an action that cannot apply to the resource',
  // planning and running
  TOO_MANY_CASES: 'an expectation expands past the documented limit',
  ACTIONS_LEFT_OUT: 'a wildcard or selector whose matches that act on a resource are left out, as its expectation has none',
  NO_EXPECTATIONS: 'an expectation with no allow/deny list',
  DUPLICATE_CASE: 'one action expected two ways in one expectation',
  UNDECLARED_KEY: 'an `allow` on a secret value whose customer managed KMS key the scenario does not declare',
  AMBIGUOUS_RESOURCE: 'an ARN in an expectation that several declared resources have',
  RESOURCE_OWNER_UNKNOWN: 'a resource without an account in its ARN, used in a file of several accounts, that does not state `account`',
  ACCOUNT_CONFLICT: 'a resource `account` that differs from the account in its ARN',
  ATTRIBUTE_NOT_APPLICABLE: 'an attribute that cannot apply where it is given (session policies on an IAM user, ...)',
  NO_SCENARIOS: 'no scenario files were found',
  NO_CASES: 'the run held no test case',
  ONLY_LEFT_OUT: '`only: true` left expectations out of the run',
  REPORT_WRITE: 'a report could not be written',
  REPORT_TARGET: 'a report may not be written where asked (over an input, another report, or a folder)',
  TOO_MANY_DIAGNOSTICS: 'more problems in one file than are shown',
  // iamspec init
  INIT_WRITE: 'a starter file of `iamspec init` could not be written',
  // iamspec merge
  BAD_REPORT: 'a report given to `iamspec merge` that is not one `iamspec test` writes',
  MERGE_CONFLICT: 'one test case with different results in two reports given to `iamspec merge`',
} as const;

/** A stable diagnostic code. */
export type DiagnosticCode = keyof typeof diagnosticCodes;

/** `error` stops a file from being used; `warning` does not, unless `--strict`. */
export type Severity = 'error' | 'warning';

/** One user-facing problem. Message style: lowercase, no final period, user values in backticks. */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  /** Where; absent only for a file that cannot be read (then `file` names it). */
  span?: Span;
  /** Path of the file when there is no span. */
  file?: string;
  /** A did-you-mean, or what is accepted. */
  help?: string;
}

/** The result of a stage: a value when one could be built, and every problem found. */
export interface Result<T> {
  value?: T | undefined;
  diagnostics: Diagnostic[];
}

/** Builds a diagnostic (severity defaults to `error`). */
export function diagnostic(
  code: DiagnosticCode,
  message: string,
  span: Span | undefined,
  help?: string,
  severity: Severity = 'error',
): Diagnostic {
  const d: Diagnostic = { code, severity, message };
  if (span) d.span = span;
  if (help !== undefined) d.help = help;
  return d;
}

/** True when any diagnostic is an error (after `--strict` promotion, if any). */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/**
 * Drops repeated diagnostics (same code, place and message), keeping the first: a named policy
 * parsed as two kinds, or one mistake met by two checks, is reported once.
 */
export function dedupeDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}\u0000${d.span?.file ?? d.file}\u0000${d.span?.start}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Promotes warnings to errors (`--strict`), returning new objects. */
export function promoteWarnings(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => (d.severity === 'warning' ? { ...d, severity: 'error' } : d));
}

/**
 * Line (1-based) and column (1-based) of an offset in `text`, by one scan from the start. For
 * many offsets into one text, use {@link lineIndex} and {@link locateOffset} instead; this
 * stays the simple reference they are tested against.
 */
export function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** The texts of the files diagnostics point into, for computing line and column. */
export type SourceTexts = ReadonlyMap<string, string>;

/** A diagnostic with its position resolved, ready for any reporter. */
export interface PositionedDiagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  help?: string;
  file: string;
  line?: number;
  column?: number;
  /** The source line the span starts on, when known. */
  sourceLine?: string;
}

/** Offsets at which each line of `text` starts (the first is always 0). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Line starts per file, computed once per sources map and file text (eemeli/yaml's `LineCounter`). */
const lineIndexes = new WeakMap<SourceTexts, Map<string, { text: string; starts: number[] }>>();

/**
 * The line starts of `file`'s text in `sources` ({@link lineStarts}), computed on first use and
 * kept while `sources` lives (recomputed if the file's text is replaced); undefined when the
 * file's text is unknown.
 */
export function lineIndex(sources: SourceTexts, file: string): { text: string; starts: number[] } | undefined {
  const text = sources.get(file);
  if (text === undefined) return undefined;
  let files = lineIndexes.get(sources);
  if (!files) {
    files = new Map();
    lineIndexes.set(sources, files);
  }
  let index = files.get(file);
  if (!index || index.text !== text) {
    index = { text, starts: lineStarts(text) };
    files.set(file, index);
  }
  return index;
}

/**
 * Line and column (1-based; the column counts UTF-16 code units) of `offset`, clamped to the
 * text, by a binary search of the text's {@link lineStarts}. Agrees with {@link lineCol}.
 */
export function locateOffset(index: { text: string; starts: readonly number[] }, offset: number): { line: number; column: number } {
  const { text, starts } = index;
  const at = Math.max(0, Math.min(offset, text.length));
  // Largest index whose line start is <= at.
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: at - starts[lo] + 1 };
}

/** Resolves a diagnostic's span to file, line and column. */
export function positionDiagnostic(d: Diagnostic, sources: SourceTexts): PositionedDiagnostic {
  const out: PositionedDiagnostic = {
    code: d.code,
    severity: d.severity,
    message: d.message,
    file: d.span?.file ?? d.file ?? '<input>',
  };
  if (d.help !== undefined) out.help = d.help;
  const index = d.span ? lineIndex(sources, d.span.file) : undefined;
  if (d.span && index) {
    const { text, starts } = index;
    const { line, column } = locateOffset(index, d.span.start);
    out.line = line;
    out.column = column;
    const lineStart = starts[line - 1];
    const nl = text.indexOf('\n', lineStart);
    out.sourceLine = text.slice(lineStart, nl === -1 ? text.length : nl).replace(/\r$/, '');
  }
  return out;
}

/**
 * What every command writes to stderr for `ds`: each positioned in `sources` (the texts their
 * spans point into), formatted by {@link formatDiagnostic} and ended by a newline.
 */
export function diagnosticsText(ds: readonly Diagnostic[], sources: SourceTexts = new Map()): string {
  return ds.map((d) => formatDiagnostic(positionDiagnostic(d, sources)) + '\n').join('');
}

/**
 * Prints `FILE:LINE:COL: severity: message`, then the help line, then the source line with a caret
 * (eemeli/yaml's `prettifyError`).
 */
export function formatDiagnostic(d: PositionedDiagnostic): string {
  const where = d.line !== undefined ? `${d.file}:${d.line}:${d.column}` : d.file;
  const lines = [`${where}: ${d.severity}: ${d.message} [${d.code}]`];
  if (d.help) lines.push(`  help: ${d.help}`);
  if (d.sourceLine !== undefined && d.column !== undefined && d.sourceLine.length <= 300) {
    lines.push(`  | ${d.sourceLine}`);
    lines.push(`  | ${' '.repeat(Math.max(0, d.column - 1))}^`);
  }
  return lines.join('\n');
}

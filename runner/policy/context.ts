/**
 * The state one policy parse carries: where the document came from, its kind, and the problems
 * found so far (every check appends and goes on).
 */
import { diagnostic, type Diagnostic, type DiagnosticCode, type Span } from '../diagnostics';
import type { ResourcePolicyType } from './kind-rules';
import type { PolicyKind } from './types';
import type { TreeSource } from '../yaml-tree/nodes';

/** State shared by the parsing functions for one policy document. */
export interface ParseContext extends TreeSource {
  name: string;
  kind: PolicyKind;
  /** For a resource-based policy, what it is attached to (a role trust policy, a bucket policy). Default: `other`. */
  resourceType?: ResourcePolicyType;
  /** Every problem found so far, in document order. */
  diagnostics: Diagnostic[];
}

/** `a` or `an` before a word, for messages (`an identity-based policy`, `a session policy`). */
export function withArticle(phrase: string): string {
  return (/^[aeiou]/i.test(phrase) ? 'an ' : 'a ') + phrase;
}

/** Message context for a statement: `statement 2` (1-based, as users count). */
export function statementLabel(index: number): string {
  return `statement ${index + 1}`;
}

/**
 * Records an error. `where` is the chained context after the policy name (`statement 2`), or
 * undefined for the document itself; the message reads
 * ``policy `app-read`: statement 2: unknown condition operator `StringEqualz` ``.
 */
export function report(
  ctx: ParseContext,
  code: DiagnosticCode,
  where: string | undefined,
  message: string,
  span: Span,
  help: string,
  severity: 'error' | 'warning' = 'error',
): void {
  const prefix = `policy \`${ctx.name}\`: ` + (where !== undefined ? `${where}: ` : '');
  ctx.diagnostics.push(diagnostic(code, prefix + message, span, help, severity));
}

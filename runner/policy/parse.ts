/**
 * IAM policy document → Policy model, with the grammar checks AWS applies when it accepts a policy.
 *
 * Parsing goes on past every problem to report them all; the Policy is returned only when the
 * document has no error (a policy AWS would reject is an input error, never a decision).
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { parseDocument, type Document } from 'yaml';
import { hasErrors, type Diagnostic, type Span, type Result } from '../diagnostics';
import { didYouMean, suggest } from '../../lib/suggest';
import { parseJson } from '../load/json';
import { report, type ParseContext } from './context';
import { kindRules, type ResourcePolicyType } from './kind-rules';
import { readStatement } from './statement';
import type { Policy, PolicyKind, PolicyVersion, Statement } from './types';
import { entriesOf, plainKeyText, keyName, itemsOf, scalarText, shapeName, shapeOf, spanOf, type Entry } from '../yaml-tree/nodes';
import { yamlDiagnostics } from './yaml-errors';

/** Where a policy document came from and how it is attached. */
export interface ParsePolicyOptions {
  /** Path of the file holding the document, for spans. */
  file: string;
  /** The scenario's name for the policy, used in messages. */
  name: string;
  kind: PolicyKind;
  /**
   * For a resource-based policy, which one it is (a role trust policy, a bucket policy; see
   * kind-rules.ts `resourcePolicyTypes`). Default: `other`, the general resource-policy grammar.
   */
  resourceType?: ResourcePolicyType;
  /**
   * The yaml Document the node belongs to, used to resolve YAML aliases (`*anchor`) inside the
   * policy. Default: none, and an alias is reported as unsupported.
   */
  document?: Document;
}

/** The top-level elements of a policy document, as AWS spells them. */
export const policyElements = ['Version', 'Id', 'Statement'] as const;

/** The policy language versions AWS accepts. */
export const policyVersions: readonly PolicyVersion[] = ['2012-10-17', '2008-10-17'];

/**
 * Parses a policy document from a YAML AST node (`yaml` package nodes with `.range`), as the
 * loader has it after substituting template variables.
 */
export function parsePolicy(node: unknown, options: ParsePolicyOptions): Result<Policy> {
  const ctx: ParseContext = { file: options.file, name: options.name, kind: options.kind, diagnostics: [] };
  if (options.document) ctx.document = options.document;
  if (options.resourceType && options.kind === 'resource') ctx.resourceType = options.resourceType;
  const policy = readPolicy(ctx, node);
  const diagnostics = byPosition(ctx.diagnostics);
  return hasErrors(diagnostics) || !policy ? { diagnostics } : { value: policy, diagnostics };
}

/** Diagnostics in document order (a stable sort keeps one position's problems in check order). */
function byPosition(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0));
}

/**
 * Parses a policy document from JSON or YAML text (AWS managed policies; tests). Text whose first
 * character is `{` is read as strict JSON (runner/load/json.ts), anything else as YAML; spans are
 * offsets into `text` either way. Duplicate keys are errors.
 */
export function parsePolicyText(text: string, options: ParsePolicyOptions): Result<Policy> {
  if (text.trimStart().startsWith('{')) return parseJsonPolicyText(text, options);
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, keepSourceTokens: false });
  const yamlProblems = yamlDiagnostics(doc, text, options);
  // Duplicate keys still leave a usable tree, so the policy checks run and report the rest; other
  // syntax errors leave a tree too broken to check.
  if (yamlProblems.some((d) => d.severity === 'error' && d.code !== 'DUPLICATE_KEY')) {
    return { diagnostics: byPosition(yamlProblems) };
  }
  const result = parsePolicy(doc.contents, { ...options, document: doc });
  const diagnostics = byPosition([...yamlProblems, ...result.diagnostics]);
  return hasErrors(diagnostics) ? { diagnostics } : { value: result.value, diagnostics };
}

/** {@link parsePolicyText} for JSON: a syntax error stops it; duplicate keys are reported beside the policy's checks. */
function parseJsonPolicyText(text: string, options: ParsePolicyOptions): Result<Policy> {
  const parsed = parseJson(text, options.file);
  const prefix = `policy \`${options.name}\`: `;
  const syntax = parsed.diagnostics.map((d) => ({ ...d, message: prefix + d.message }));
  if (!parsed.value) return { diagnostics: syntax };
  const result = parsePolicy(parsed.value.root, { ...options, document: parsed.value.document });
  const diagnostics = byPosition([...syntax, ...result.diagnostics]);
  return hasErrors(diagnostics) ? { diagnostics } : { value: result.value, diagnostics };
}

function readPolicy(ctx: ParseContext, node: unknown): Policy | undefined {
  const whole: Span = spanOf(node, ctx, { file: ctx.file, start: 0, end: 0 });
  const shape = shapeOf(node);
  if (shape !== 'map') {
    report(
      ctx,
      'BAD_POLICY',
      undefined,
      `the document is ${shapeName(shape)}, not a policy`,
      whole,
      'expected a mapping with `Version` and `Statement`',
    );
    return undefined;
  }
  const found = new Map<string, Entry>();
  for (const e of entriesOf(node, ctx, whole, plainKeyText)) {
    if ((policyElements as readonly string[]).includes(e.key)) {
      found.set(e.key, e);
      continue;
    }
    report(
      ctx,
      'UNKNOWN_ELEMENT',
      undefined,
      `unknown element ${keyName(e)}`,
      e.keySpan,
      didYouMean(suggest(e.key, policyElements), 'expected `Version`, `Id` or `Statement`')!,
    );
  }
  const policy: Policy = { name: ctx.name, kind: ctx.kind, statements: [], span: whole };
  const version = readVersion(ctx, found.get('Version'), whole);
  if (version) policy.version = version;
  const id = found.get('Id');
  if (id) {
    const text = shapeOf(id.value) === 'string' ? scalarText(id.value) : undefined;
    if (text === undefined)
      report(
        ctx,
        'BAD_POLICY',
        undefined,
        `\`Id\` is ${shapeName(shapeOf(id.value))}`,
        spanOf(id.value, ctx, id.keySpan),
        'expected a string',
      );
    else policy.id = text;
  }
  const statements = readStatements(ctx, found.get('Statement'), whole, version);
  if (!statements) return undefined;
  policy.statements = statements;
  checkDuplicateSids(ctx, statements);
  return policy;
}

function readVersion(ctx: ParseContext, e: Entry | undefined, whole: Span): PolicyVersion | undefined {
  const required = kindRules[ctx.kind].versionRequired;
  if (!e) {
    if (required) {
      report(
        ctx,
        'BAD_VERSION',
        undefined,
        `missing \`Version\` (required in an ${ctx.kind.toUpperCase()})`,
        whole,
        'add `Version: "2012-10-17"`',
      );
    }
    return undefined;
  }
  const text = scalarText(e.value);
  const found = policyVersions.find((v) => v === text);
  if (found === '2008-10-17' && required && shapeOf(e.value) === 'string') {
    report(
      ctx,
      'BAD_VERSION',
      undefined,
      `\`Version\` \`2008-10-17\` is not accepted in an ${ctx.kind.toUpperCase()}`,
      spanOf(e.value, ctx, e.keySpan),
      'use `"2012-10-17"`',
    );
    return undefined;
  }
  if (found && shapeOf(e.value) === 'string') return found;
  // "The only allowed values are 2012-10-17 and 2008-10-17" (Version page).
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
  report(
    ctx,
    'BAD_VERSION',
    undefined,
    text !== undefined ? `unknown \`Version\` \`${text}\`` : `\`Version\` is ${shapeName(shapeOf(e.value))}`,
    spanOf(e.value, ctx, e.keySpan),
    'expected `"2012-10-17"` (or the older `"2008-10-17"`), as a quoted string',
  );
  return undefined;
}

function readStatements(ctx: ParseContext, e: Entry | undefined, whole: Span, version: PolicyVersion | undefined): Statement[] | undefined {
  if (!e) {
    report(ctx, 'MISSING_STATEMENT', undefined, 'missing `Statement`', whole, 'add `Statement`, a list of statements');
    return undefined;
  }
  const span = spanOf(e.value, ctx, e.keySpan);
  const shape = shapeOf(e.value);
  let nodes: unknown[];
  if (shape === 'map') nodes = [e.value];
  else if (shape === 'seq') nodes = itemsOf(e.value, ctx);
  else {
    report(ctx, 'BAD_POLICY', undefined, `\`Statement\` is ${shapeName(shape)}`, span, 'expected a statement or a list of statements');
    return undefined;
  }
  if (nodes.length === 0) {
    report(ctx, 'MISSING_STATEMENT', undefined, '`Statement` is an empty list', span, 'add at least one statement');
    return undefined;
  }
  const out: Statement[] = [];
  nodes.forEach((n, i) => {
    const s = readStatement(ctx, n, i, version, span);
    if (s) out.push(s);
  });
  return out;
}

// "In IAM, the Sid value must be unique within a JSON policy."
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
function checkDuplicateSids(ctx: ParseContext, statements: Statement[]): void {
  const seen = new Map<string, Statement>();
  for (const s of statements) {
    if (!s.sid) continue;
    const first = seen.get(s.sid.value);
    if (!first) {
      seen.set(s.sid.value, s);
      continue;
    }
    report(
      ctx,
      'DUPLICATE_SID',
      `statement ${s.index + 1}`,
      `\`Sid\` \`${s.sid.value}\` is also the Sid of statement ${first.index + 1}`,
      s.sid.span,
      'give each statement its own Sid',
    );
  }
}

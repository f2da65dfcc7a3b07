/**
 * An engine `Explanation` as plain text lines, shared by the console reporter and the JUnit
 * failure body. The explanation is data; the sentences come from explain-words.ts. The lines
 * carry no indentation of their own beyond nesting; callers indent.
 *
 * Example (one failing case):
 *
 *     explicitDeny, decided by identity-based policies: policy `deny-get` (identity-based policy) explicitly denies `secretsmanager:GetSecretValue`
 *     deciding statements:
 *       Deny: policy `deny-get` (identity-based policies), statement 1 `DenyGet` at p.json:4:5
 *     layers:
 *       identity-based policies: explicitDeny: policy `deny-get` (identity-based policy) explicitly denies `secretsmanager:GetSecretValue`
 *     policies:
 *       `deny-get` (identity-based policies) at p.json:1:1
 *         statement 1 `DenyGet`: Deny, matched, at p.json:4:5
 *           Action: matched `secretsmanager:GetSecretValue`
 *           StringEquals `aws:PrincipalTag/team`: not matched: policy [`red`], request [`blue`]
 *     missing context keys: `aws:SourceIp`
 *     request context:
 *       `aws:PrincipalArn`: `arn:aws:iam::111122223333:user/bob`
 *
 * A request the service made in the caller's name (a dependent request, such as `kms:Decrypt` of a
 * secret's key) follows, its own explanation indented under it:
 *
 *     dependent requests:
 *       `kms:Decrypt` on `arn:aws:kms:...:key/1234`: implicitDeny (secrets manager decrypts the secret value with its KMS key in the caller's name)
 *         implicitDeny, decided by identity-based policies: no identity-based policy allows `kms:Decrypt`
 *         ...
 */
import type {
  CaseInfo,
  CaseResult,
  ConditionTrace,
  ContextValue,
  ElementMatch,
  Explanation,
  Layer,
  LayerTrace,
  PolicyTrace,
  StatementTrace,
} from './events';
import { layers as layerNames } from './events';
import { dependentLabel, dependentReason, layerReason, ruleSentence } from './explain-words';
import { formatLocation, formatSpan, type Locate } from './locate';

/** A user value in backticks, as the message style asks. */
function tick(value: string): string {
  return `\`${value}\``;
}

/** A list of user values: ``[`a`, `b`]``. */
function tickList(values: readonly string[]): string {
  return `[${values.map(tick).join(', ')}]`;
}

/** A context value: a string in backticks or a list of them. */
function contextValue(value: ContextValue): string {
  return typeof value === 'string' ? tick(value) : tickList(value);
}

/** `identity-based policies`, or `service control policies level 2` for a layer with levels. */
export function layerLabel(layer: Layer, level?: number): string {
  return level === undefined ? layerNames[layer] : `${layerNames[layer]} level ${level}`;
}

/** `statement 1 `Sid`` (1-based, as people count; the Sid when there is one). */
function statementLabel(index: number, sid: string | undefined): string {
  return sid === undefined ? `statement ${index + 1}` : `statement ${index + 1} ${tick(sid)}`;
}

function layerLine(e: Explanation, t: LayerTrace): string {
  const result = t.result === 'notApplicable' ? 'not applicable' : t.result;
  return `  ${layerLabel(t.layer, t.level)}: ${result}: ${layerReason(e, t)}`;
}

function elementLine(e: ElementMatch): string {
  const entry = e.entry !== undefined ? ` ${tick(e.entry)}` : '';
  return `      ${e.element}: ${e.matched ? 'matched' : 'not matched'}${entry}`;
}

function conditionLine(c: ConditionTrace): string {
  const request = c.contextValues === undefined ? 'absent' : tickList(c.contextValues);
  const verdict = c.matched ? 'matched' : 'not matched';
  return `      ${c.operator} ${tick(c.key)}: ${verdict}: policy ${tickList(c.values)}, request ${request}`;
}

function statementLines(s: StatementTrace, locate: Locate | undefined): string[] {
  const head = `    ${statementLabel(s.index, s.sid)}: ${s.effect}, ${s.matched ? 'matched' : 'not matched'}`;
  return [`${head}, at ${formatSpan(s.span, locate)}`, ...s.elements.map(elementLine), ...s.conditions.map(conditionLine)];
}

function policyLines(p: PolicyTrace, locate: Locate | undefined): string[] {
  const lines = [`  ${tick(p.name)} (${layerLabel(p.layer, p.level)}) at ${formatSpan(p.span, locate)}`];
  if (p.statements.length === 0) lines.push('    no statement mentions the action');
  for (const s of p.statements) lines.push(...statementLines(s, locate));
  return lines;
}

/**
 * Renders an explanation: the decision and deciding layer with the summary, the deciding
 * statements, each layer's verdict and reason, the traced policies and statements (elements and
 * conditions with policy and request values), the missing context keys and the request context
 * (keys sorted, for deterministic output). `locate` turns spans into `FILE:LINE:COL`; without it,
 * or when it cannot, the file alone is printed.
 */
export function explainLines(e: Explanation, locate?: Locate): string[] {
  const lines = [`${e.decision}, decided by ${layerLabel(e.decidedBy, e.level)}: ${ruleSentence(e)}`];
  if (e.deciding.length > 0) {
    lines.push('deciding statements:');
    for (const d of e.deciding) {
      const trace = e.policies
        .find((p) => p.name === d.policy && p.layer === d.layer && p.level === d.level)
        ?.statements.find((s) => s.index === d.index);
      const effect = trace ? `${trace.effect}: ` : '';
      const where = formatSpan(d.span, locate);
      lines.push(`  ${effect}policy ${tick(d.policy)} (${layerLabel(d.layer, d.level)}), ${statementLabel(d.index, d.sid)} at ${where}`);
    }
  }
  if (e.layers.length > 0) {
    lines.push('layers:');
    for (const t of e.layers) lines.push(layerLine(e, t));
  }
  if (e.policies.length > 0) {
    lines.push('policies:');
    for (const p of e.policies) lines.push(...policyLines(p, locate));
  }
  if (e.missingContextKeys.length > 0) {
    lines.push(`missing context keys: ${[...e.missingContextKeys].sort().map(tick).join(', ')}`);
  }
  const keys = Object.keys(e.context).sort();
  if (keys.length > 0) {
    lines.push('request context:');
    for (const k of keys) lines.push(`  ${tick(k)}: ${contextValue(e.context[k])}`);
  }
  if (e.dependents && e.dependents.length > 0) {
    lines.push('dependent requests:');
    for (const d of e.dependents) {
      lines.push(`  ${dependentLabel(d)}: ${d.explanation.decision} (${dependentReason(d)})`);
      for (const line of explainLines(d.explanation, locate)) lines.push(`    ${line}`);
    }
  }
  return lines;
}

/** The name of the pseudo case that stands for a scenario file that could not be used. */
export const unusableFileCase = 'the file could not be used';

/** `expected deny, got allow`: the one-line message of a failed case. */
export function expectedGot(info: CaseInfo, result: CaseResult): string {
  return `expected ${info.expected}, got ${result.actual ?? 'no decision'}`;
}

/**
 * The body of a failure: the message, the expectation's `FILE:LINE:COL`, then the explanation
 * when the runner attached one.
 */
export function failureLines(info: CaseInfo, result: CaseResult, locate?: Locate): string[] {
  const lines = [expectedGot(info, result), `at ${formatLocation(info.location)}`];
  if (result.explanation) lines.push(...explainLines(result.explanation, locate));
  return lines;
}

/**
 * A policy document written as a JSON string inside another file (Terraform's `policy =
 * jsonencode(...)` lands in the plan as `"policy": "{\"Version\":...}"`): parsed on its own, then
 * every node's range is moved from the decoded string into the container file, so a problem in
 * the policy is reported at its line and column in the plan, under the right character of the
 * string.
 *
 * Worked example: the plan line `"policy": "{\"Statement\": 5}"` holds the string at offsets
 * 10..29; the decoded document `{"Statement": 5}` puts `5` at offset 14, which the offset map
 * sends to 26, so MISSING_STATEMENT's neighbour BAD_POLICY points at the `5` in the plan.
 */
import { diagnostic, type Diagnostic, type Span } from '../../diagnostics';
import { eachNode } from '../../yaml-tree/nodes';
import type { PolicyFile } from '../policy-file';
import { parseJson } from '../json';
import { toPlain } from '../yaml';
import { stringOffsets, type TextRange } from './json-locate';

/** The file a policy string is embedded in: its display path and text. */
export interface Container {
  file: string;
  text: string;
}

/**
 * Parses the policy string whose JSON literal is at `literal` in `container` (its decoded value is
 * `value`). `what` names the policy in messages (``plan `x.json`: `aws_iam_policy.app` ``).
 */
export function embeddedPolicy(
  container: Container,
  literal: TextRange | undefined,
  value: string,
  what: string,
  /** False when `value` was computed (a template function's result): every position is then `literal`'s start. Default: `true`. */
  exact = true,
): { value?: PolicyFile; diagnostics: Diagnostic[] } {
  const at: Span = { file: container.file, start: literal?.start ?? 0, end: literal?.end ?? 0 };
  if (value.trim() === '') {
    return {
      diagnostics: [diagnostic('BAD_POLICY', `${what}: the policy is empty`, at, 'the attribute must hold an IAM policy document in JSON')],
    };
  }
  // A document built from other values (a Lambda permission) has no string: it sits at `literal`.
  const offsets =
    exact && literal && container.text.charCodeAt(literal.start) === 0x22 ? stringOffsets(container.text, literal.start) : undefined;
  const move = (n: number): number => (offsets ? offsets[Math.max(0, Math.min(n, offsets.length - 1))] : at.start);
  const parsed = parseJson(value, container.file);
  const moved = (d: Diagnostic): Diagnostic =>
    d.span
      ? { ...d, message: `${what}: ${d.message}`, span: { file: container.file, start: move(d.span.start), end: move(d.span.end) } }
      : d;
  if (!parsed.value || parsed.diagnostics.length > 0) return { diagnostics: parsed.diagnostics.map(moved) };
  const tree = parsed.value;
  // Every node once, a pair's key included.
  eachNode(tree.root, (node) => {
    if (node.range) node.range = [move(node.range[0]), move(node.range[1]), move(node.range[2])];
  });
  const plain = toPlain(tree);
  if (plain.diagnostics.length > 0) return { diagnostics: plain.diagnostics };
  return {
    value: { file: container.file, parsed: { file: container.file, text: container.text, document: tree.document, root: tree.root } },
    diagnostics: [],
  };
}

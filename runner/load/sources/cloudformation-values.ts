/**
 * The values CloudFormation's intrinsic functions resolve to (cloudformation-intrinsics.ts,
 * cloudformation-functions.ts): YAML nodes positioned where the function is written, or one of two
 * markers, `AWS::NoValue` (pseudo-parameter-reference.html, "AWS::NoValue": the property or list
 * item is removed) and a failure already reported.
 */
import { isMap, isScalar, isSeq, Scalar, YAMLSeq, type Node } from 'yaml';
import { keyText } from '../../yaml-tree/nodes';

/** `AWS::NoValue`: the property or list item is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');
/** A value that could not be resolved (reported where it is written). */
export const FAIL: unique symbol = Symbol('unresolved');
/** A resolved node, a removal, or a reported failure. */
export type Resolved = Node | typeof NO_VALUE | typeof FAIL;

/** The help line for values the scenario can give. */
export const parametersHelp =
  'give the value in `parameters:` beside `cloudformation:` (by the name of the parameter, the logical id, or `LogicalId.Attribute`)';

/** `node` with the range of `at`. */
export function positioned<T extends Node>(node: T, at: Node): T {
  if (at.range) node.range = [...at.range];
  return node;
}

/** A resolved value as a node positioned at `at`: a scalar, or a list of scalars. */
export function valueNode(v: string | boolean | string[], at: Node): Node {
  if (Array.isArray(v)) {
    const seq = positioned(new YAMLSeq(), at);
    seq.items = v.map((s) => positioned(new Scalar(s), at));
    return seq;
  }
  return positioned(new Scalar(v), at);
}

/** A resolved node as a plain value. */
export function plainOf(node: unknown): unknown {
  if (isScalar(node)) return node.value;
  if (isSeq(node)) return node.items.map(plainOf);
  if (isMap(node)) return Object.fromEntries(node.items.map((p) => [keyText(p.key) ?? '', plainOf(p.value)]));
  return null;
}

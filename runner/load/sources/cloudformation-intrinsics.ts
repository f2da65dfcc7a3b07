/**
 * Resolving CloudFormation's intrinsic functions offline, on the template's syntax tree, so every
 * value keeps a position: a node without a function is kept as it is (its range in the template);
 * a function is replaced by its result, positioned at the function (or, for `Fn::If`,
 * `Fn::Select` and `Fn::FindInMap`, by the chosen node, positioned where that node is written).
 * What cannot be known offline is an UNKNOWN_VALUE at the function's position, never a guess.
 *
 * Worked example: with `parameters: { Env: prod }`,
 * `Resource: !Sub "arn:${AWS::Partition}:s3:::data-${Env}/*"` becomes the scalar
 * `arn:aws:s3:::data-prod/*`, positioned on the `!Sub` line, which the policy parser then reads
 * as if it were written there.
 *
 * The functions: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html
 * (each function's "Parameters" and "Return value"); `AWS::NoValue` removes the property or list
 * item (pseudo-parameter-reference.html, "AWS::NoValue"); dynamic references `{{resolve:...}}` are
 * resolved by CloudFormation at deploy time (dynamic-references.html). This module walks the tree
 * (`Resolver`); each function is applied in cloudformation-functions.ts, and the values and
 * markers they return are cloudformation-values.ts.
 */
import { isMap, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import { diagnostic, type Diagnostic, type Span } from '../../diagnostics';
import { keyText, nodeSpan } from '../../yaml-tree/nodes';
import { callFunction, conditionHolds } from './cloudformation-functions';
import { shortForms, type CfnTemplate } from './cloudformation-template';
import { FAIL, parametersHelp, NO_VALUE, positioned, type Resolved } from './cloudformation-values';

/** Looks up what `Ref` and `Fn::GetAtt` name; implemented in cloudformation-refs.ts. */
export interface Names {
  /** `Ref NAME`: a parameter, pseudo parameter or resource; a string or a list (CommaDelimitedList). */
  ref(name: string, at: Node, scope: Resolver): string | string[] | typeof NO_VALUE | typeof FAIL;
  /** `Fn::GetAtt [ID, ATTRIBUTE]`. */
  getAtt(id: string, attribute: string, at: Node, scope: Resolver): string | typeof FAIL;
  /** The value of a named condition of `Conditions`. */
  condition(name: string, at: Node, scope: Resolver): boolean | typeof FAIL;
}

/** Resolves nodes of one template; `where` names the resource and property in messages. */
export class Resolver {
  constructor(
    readonly template: CfnTemplate,
    readonly names: Names,
    readonly diagnostics: Diagnostic[],
    /** `` `AppRole` `Properties.Policies` ``: what is being resolved, for messages. */
    public where = '',
  ) {}

  /** A problem at `node`: UNKNOWN_VALUE unless another `code` is given. */
  fail(
    node: unknown,
    message: string,
    help: string,
    code: 'UNKNOWN_VALUE' | 'BAD_SOURCE' | 'SOURCE_NOT_FOUND' = 'UNKNOWN_VALUE',
  ): typeof FAIL {
    const file = this.template.file;
    const d = diagnostic(code, `\`${file}\`: ${this.where === '' ? '' : `${this.where}: `}${message}`, this.span(node), help);
    // A value read twice (a role's name for its ARN and for the policies naming it) is reported once.
    if (!this.diagnostics.some((e) => e.message === d.message && e.span?.start === d.span?.start)) this.diagnostics.push(d);
    return FAIL;
  }

  /** The span of `node` in the template. */
  span(node: unknown): Span {
    return nodeSpan(node, this.template.file);
  }

  /** `node` with every function resolved. */
  resolve(node: unknown, ignoreTag = false): Resolved {
    if (node === null || node === undefined) return new Scalar(null);
    const n = node as Node;
    if (!ignoreTag && typeof n.tag === 'string' && n.tag.startsWith('!')) {
      const fn = shortForms[n.tag.slice(1)];
      if (fn !== undefined) return callFunction(this, fn, n, n, true);
    }
    if (isScalar(n)) {
      if (typeof n.value === 'string' && n.value.includes('{{resolve:'))
        return this.fail(n, `dynamic reference \`${n.value}\` is resolved by CloudFormation at deploy time`, parametersHelp);
      return n;
    }
    if (isSeq(n)) {
      const out = positioned(new YAMLSeq(), n);
      for (const item of n.items) {
        const r = this.resolve(item);
        if (r === FAIL) return FAIL;
        if (r !== NO_VALUE) out.items.push(r);
      }
      return out;
    }
    if (isMap(n)) {
      if (n.items.length === 1) {
        const key = keyText(n.items[0].key);
        if (key === 'Ref' || (key !== undefined && key.startsWith('Fn::'))) return callFunction(this, key, n.items[0].value, n, false);
      }
      const out = positioned(new YAMLMap(), n);
      for (const pair of n.items) {
        const r = this.resolve(pair.value);
        if (r === FAIL) return FAIL;
        if (r !== NO_VALUE) out.items.push(new Pair(pair.key, r));
      }
      return out;
    }
    return this.fail(n, 'an alias or a value iamspec cannot read here', 'write the value out', 'BAD_SOURCE');
  }

  /** `node` resolved to a string, or FAIL (reported). */
  text(node: unknown, what: string, ignoreTag = false): string | typeof FAIL {
    const r = this.resolve(node, ignoreTag);
    if (r === FAIL) return FAIL;
    if (r !== NO_VALUE && isScalar(r) && (typeof r.value === 'string' || typeof r.value === 'number' || typeof r.value === 'boolean'))
      return String(r.value);
    return this.fail(node, `${what} must be a string`, 'see the function in the CloudFormation template reference', 'BAD_SOURCE');
  }

  /** `node` resolved to a list of nodes, or FAIL (reported). */
  list(node: unknown, what: string, ignoreTag = false): Node[] | typeof FAIL {
    const r = this.resolve(node, ignoreTag);
    if (r === FAIL) return FAIL;
    if (r !== NO_VALUE && isSeq(r)) return r.items as Node[];
    return this.fail(node, `${what} must be a list`, 'see the function in the CloudFormation template reference', 'BAD_SOURCE');
  }

  /** A condition node (a function or a `Condition` reference) as a boolean. */
  holds(node: unknown): boolean | typeof FAIL {
    return conditionHolds(this, node);
  }
}

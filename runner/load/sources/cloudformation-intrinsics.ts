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
 * resolved by CloudFormation at deploy time (dynamic-references.html).
 */
import { isMap, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import { diagnostic, type Diagnostic, type Span } from '../../diagnostics';
import { keyText, nodeSpan } from '../../yaml-tree/nodes';
import { member, shortForms, type CfnTemplate } from './cloudformation-template';

/** `AWS::NoValue`: the property or list item is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');
/** A value that could not be resolved (reported where it is written). */
export const FAIL: unique symbol = Symbol('unresolved');
/** A resolved node, a removal, or a reported failure. */
export type Resolved = Node | typeof NO_VALUE | typeof FAIL;

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
    private readonly names: Names,
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
      if (fn !== undefined) return this.call(fn, n, n, true);
    }
    if (isScalar(n)) {
      if (typeof n.value === 'string' && n.value.includes('{{resolve:'))
        return this.fail(n, `dynamic reference \`${n.value}\` is resolved by CloudFormation at deploy time`, givenHelp);
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
        if (key === 'Ref' || (key !== undefined && key.startsWith('Fn::'))) return this.call(key, n.items[0].value, n, false);
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

  /** Applies function `fn` to its argument `arg`; `at` is the whole call (its position). */
  private call(fn: string, arg: unknown, at: Node, tagged: boolean): Resolved {
    // The arguments as written (each resolved where it is used: `Fn::If` must not resolve the branch it skips).
    const args = (n: number): Node[] | typeof FAIL => {
      const items = isSeq(arg) ? (arg.items as Node[]) : this.list(arg, `the argument of \`${fn}\``, tagged);
      if (items === FAIL) return FAIL;
      if (items.length < n)
        return this.fail(at, `\`${fn}\` takes ${n} arguments`, 'see the function in the CloudFormation template reference', 'BAD_SOURCE');
      return items;
    };
    switch (fn) {
      case 'Ref': {
        const name = isScalar(arg) ? String(arg.value) : undefined;
        if (name === undefined) return this.fail(at, '`Ref` takes a name', 'write `!Ref NAME`', 'BAD_SOURCE');
        const v = this.names.ref(name, at, this);
        return v === NO_VALUE || v === FAIL ? v : valueNode(v, at);
      }
      case 'Fn::GetAtt': {
        let id: string | typeof FAIL, attribute: string | typeof FAIL;
        if (isScalar(arg) && typeof arg.value === 'string') {
          const dot = arg.value.indexOf('.');
          [id, attribute] = dot < 0 ? [arg.value, ''] : [arg.value.slice(0, dot), arg.value.slice(dot + 1)];
        } else {
          const items = args(2);
          if (items === FAIL) return FAIL;
          id = this.text(items[0], 'the logical id');
          attribute = this.text(items[1], 'the attribute');
        }
        if (id === FAIL || attribute === FAIL) return FAIL;
        const v = this.names.getAtt(id, attribute, at, this);
        return v === FAIL ? v : valueNode(v, at);
      }
      case 'Fn::Sub':
        return this.sub(arg, at);
      case 'Fn::Join': {
        const items = args(2);
        if (items === FAIL) return FAIL;
        const delimiter = this.text(items[0], 'the delimiter of `Fn::Join`');
        const parts = this.list(items[1], 'the values of `Fn::Join`');
        if (delimiter === FAIL || parts === FAIL) return FAIL;
        const texts = parts.map((p) => this.text(p, 'a value of `Fn::Join`'));
        if (texts.includes(FAIL)) return FAIL;
        return valueNode(texts.join(delimiter), at);
      }
      case 'Fn::Select': {
        const items = args(2);
        if (items === FAIL) return FAIL;
        const index = this.text(items[0], 'the index of `Fn::Select`');
        const from = this.list(items[1], 'the list of `Fn::Select`');
        if (index === FAIL || from === FAIL) return FAIL;
        const i = Number(index);
        if (!Number.isInteger(i) || i < 0 || i >= from.length)
          return this.fail(
            at,
            `\`Fn::Select\` index \`${index}\` is outside the list of ${from.length}`,
            'the index counts from 0',
            'BAD_SOURCE',
          );
        return from[i];
      }
      case 'Fn::Split': {
        const items = args(2);
        if (items === FAIL) return FAIL;
        const delimiter = this.text(items[0], 'the delimiter of `Fn::Split`');
        const source = this.text(items[1], 'the string of `Fn::Split`');
        if (delimiter === FAIL || source === FAIL) return FAIL;
        return valueNode(source.split(delimiter), at);
      }
      case 'Fn::FindInMap':
        return this.findInMap(args(3), at);
      case 'Fn::If': {
        const items = args(3);
        if (items === FAIL) return FAIL;
        const name = this.text(items[0], 'the condition of `Fn::If`');
        if (name === FAIL) return FAIL;
        const holds = this.names.condition(name, items[0], this);
        return holds === FAIL ? FAIL : this.resolve(holds ? items[1] : items[2]);
      }
      case 'Fn::Equals':
      case 'Fn::Not':
      case 'Fn::And':
      case 'Fn::Or':
      case 'Condition': {
        const holds = this.test(fn, arg, at, tagged);
        return holds === FAIL ? FAIL : valueNode(holds, at);
      }
      case 'Fn::Base64': {
        const t = this.text(arg, 'the argument of `Fn::Base64`', tagged);
        return t === FAIL ? FAIL : valueNode(Buffer.from(t, 'utf8').toString('base64'), at);
      }
      case 'Fn::ImportValue':
        return this.fail(at, "`Fn::ImportValue` reads another stack's export, known only in the account", givenHelp);
      case 'Fn::GetAZs':
        return this.fail(at, "`Fn::GetAZs` lists the account's Availability Zones, known only in the account", givenHelp);
      default:
        return this.fail(at, `\`${fn}\` is not resolved offline by iamspec`, givenHelp);
    }
  }

  /** A condition function (`Fn::Equals`, `Not`, `And`, `Or`, `Condition`) as a boolean. */
  test(fn: string, arg: unknown, at: Node, tagged: boolean): boolean | typeof FAIL {
    if (fn === 'Condition') {
      const name = isScalar(arg) ? String(arg.value) : undefined;
      return name === undefined
        ? this.fail(at, '`Condition` takes a name', 'write `!Condition NAME`', 'BAD_SOURCE')
        : this.names.condition(name, at, this);
    }
    const items = isSeq(arg) ? (arg.items as Node[]) : this.list(arg, `the argument of \`${fn}\``, tagged);
    if (items === FAIL) return FAIL;
    if (fn === 'Fn::Equals') {
      const [a, b] = [this.resolve(items[0]), this.resolve(items[1])];
      if (a === FAIL || b === FAIL) return FAIL;
      return sameValue(plainOf(a), plainOf(b));
    }
    const values = items.map((i) => this.holds(i));
    if (values.includes(FAIL)) return FAIL;
    if (fn === 'Fn::Not') return !values[0];
    return fn === 'Fn::And' ? values.every(Boolean) : values.some(Boolean);
  }

  /** A condition node (a function or a `Condition` reference) as a boolean. */
  holds(node: unknown): boolean | typeof FAIL {
    const n = node as Node;
    if (typeof n?.tag === 'string' && shortForms[n.tag.slice(1)] !== undefined) return this.test(shortForms[n.tag.slice(1)], n, n, true);
    if (isMap(n) && n.items.length === 1) {
      const key = keyText(n.items[0].key) ?? '';
      if (key === 'Condition' || key.startsWith('Fn::')) return this.test(key, n.items[0].value, n, false);
    }
    if (isScalar(n) && typeof n.value === 'boolean') return n.value;
    return this.fail(
      n,
      'a condition must be `Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or` or `Condition`',
      'see "Condition functions" in the CloudFormation template reference',
      'BAD_SOURCE',
    );
  }

  /** `Fn::Sub`: `${Name}`, `${Id.Attribute}`, `${!Literal}`, and the variables of the list form. */
  private sub(arg: unknown, at: Node): Resolved {
    let template: unknown = arg;
    const vars = new Map<string, unknown>();
    if (isSeq(arg)) {
      template = arg.items[0];
      const map = arg.items[1];
      if (isMap(map)) for (const p of map.items) vars.set(keyText(p.key) ?? '', p.value);
    }
    if (!isScalar(template) || typeof template.value !== 'string')
      return this.fail(
        at,
        '`Fn::Sub` takes a string, or a list of a string and a mapping',
        'see `Fn::Sub` in the CloudFormation template reference',
        'BAD_SOURCE',
      );
    let failed = false;
    const out = template.value.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
      if (failed) return '';
      if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
      const name = inner.trim();
      let v: string | string[] | typeof NO_VALUE | typeof FAIL;
      if (vars.has(name)) v = this.text(vars.get(name), `\`${name}\` of \`Fn::Sub\``);
      else if (name.includes('.')) v = this.names.getAtt(name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1), at, this);
      else v = this.names.ref(name, at, this);
      if (v === FAIL || v === NO_VALUE || Array.isArray(v)) {
        if (v !== FAIL) this.fail(at, `\`${whole}\` is not a string`, 'a `Fn::Sub` variable must be a string');
        failed = true;
        return '';
      }
      return v;
    });
    if (failed) return FAIL;
    if (out.includes('{{resolve:'))
      return this.fail(at, `dynamic reference in \`${out}\` is resolved by CloudFormation at deploy time`, givenHelp);
    return valueNode(out, at);
  }

  private findInMap(items: Node[] | typeof FAIL, at: Node): Resolved {
    if (items === FAIL) return FAIL;
    const keys = items.slice(0, 3).map((k, i) => this.text(k, `key ${i + 1} of \`Fn::FindInMap\``));
    if (keys.includes(FAIL)) return FAIL;
    const [mapName, top, second] = keys as string[];
    const found = member(member(this.template.mappings.get(mapName), top), second);
    if (found === undefined)
      return this.fail(
        at,
        `\`Mappings\` holds no \`${mapName}\` › \`${top}\` › \`${second}\``,
        "check the keys against the template's `Mappings`",
        'SOURCE_NOT_FOUND',
      );
    return this.resolve(found);
  }
}

const givenHelp =
  'give the value in `parameters:` beside `cloudformation:` (by the name of the parameter, the logical id, or `LogicalId.Attribute`)';

/** The help line for values the scenario can give. */
export const parametersHelp = givenHelp;

/** `node` with the range of `at`. */
function positioned<T extends Node>(node: T, at: Node): T {
  if (at.range) node.range = [...at.range];
  return node;
}

/** A resolved value as a node positioned at `at`: a scalar, or a list of scalars. */
function valueNode(v: string | boolean | string[], at: Node): Node {
  if (Array.isArray(v)) {
    const seq = positioned(new YAMLSeq(), at);
    seq.items = v.map((s) => positioned(new Scalar(s), at));
    return seq;
  }
  return positioned(new Scalar(v), at);
}

/** `Fn::Equals`: the same value, scalars compared as strings (`"1"` equals `1`, as CloudFormation compares them). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === null || b === null || typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return String(a) === String(b);
}

/** A resolved node as a plain value. */
export function plainOf(node: unknown): unknown {
  if (isScalar(node)) return node.value;
  if (isSeq(node)) return node.items.map(plainOf);
  if (isMap(node)) return Object.fromEntries(node.items.map((p) => [keyText(p.key) ?? '', plainOf(p.value)]));
  return null;
}

/**
 * CloudFormation's intrinsic functions, each applied to its arguments as written in the template
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html,
 * each function's "Parameters" and "Return value"; "Condition functions" for `Fn::If`,
 * `Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or` and `Condition`). The walk over the tree, and what a
 * failure is, live in cloudformation-intrinsics.ts (`Resolver`); each function resolves its own
 * arguments through it, so `Fn::If` never resolves the branch it skips.
 *
 * Worked example: `!Join [":", [a, !Ref Env]]` with `Env: prod` → `a:prod`, positioned at the `!Join`.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { keyText } from '../../yaml-tree/nodes';
import type { Resolver } from './cloudformation-intrinsics';
import { member, shortForms } from './cloudformation-template';
import { FAIL, parametersHelp, NO_VALUE, plainOf, valueNode, type Resolved } from './cloudformation-values';

/** Applies function `fn` to its argument `arg` in `scope`; `at` is the whole call (its position). */
export function callFunction(scope: Resolver, fn: string, arg: unknown, at: Node, tagged: boolean): Resolved {
  // The arguments as written (each resolved where it is used: `Fn::If` must not resolve the branch it skips).
  const args = (n: number): Node[] | typeof FAIL => {
    const items = isSeq(arg) ? (arg.items as Node[]) : scope.list(arg, `the argument of \`${fn}\``, tagged);
    if (items === FAIL) return FAIL;
    if (items.length < n)
      return scope.fail(at, `\`${fn}\` takes ${n} arguments`, 'see the function in the CloudFormation template reference', 'BAD_SOURCE');
    return items;
  };
  switch (fn) {
    case 'Ref': {
      const name = isScalar(arg) ? String(arg.value) : undefined;
      if (name === undefined) return scope.fail(at, '`Ref` takes a name', 'write `!Ref NAME`', 'BAD_SOURCE');
      const v = scope.names.ref(name, at, scope);
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
        id = scope.text(items[0], 'the logical id');
        attribute = scope.text(items[1], 'the attribute');
      }
      if (id === FAIL || attribute === FAIL) return FAIL;
      const v = scope.names.getAtt(id, attribute, at, scope);
      return v === FAIL ? v : valueNode(v, at);
    }
    case 'Fn::Sub':
      return sub(scope, arg, at);
    case 'Fn::Join': {
      const items = args(2);
      if (items === FAIL) return FAIL;
      const delimiter = scope.text(items[0], 'the delimiter of `Fn::Join`');
      const parts = scope.list(items[1], 'the values of `Fn::Join`');
      if (delimiter === FAIL || parts === FAIL) return FAIL;
      const texts = parts.map((p) => scope.text(p, 'a value of `Fn::Join`'));
      if (texts.includes(FAIL)) return FAIL;
      return valueNode(texts.join(delimiter), at);
    }
    case 'Fn::Select': {
      const items = args(2);
      if (items === FAIL) return FAIL;
      const index = scope.text(items[0], 'the index of `Fn::Select`');
      const from = scope.list(items[1], 'the list of `Fn::Select`');
      if (index === FAIL || from === FAIL) return FAIL;
      const i = Number(index);
      if (!Number.isInteger(i) || i < 0 || i >= from.length)
        return scope.fail(
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
      const delimiter = scope.text(items[0], 'the delimiter of `Fn::Split`');
      const source = scope.text(items[1], 'the string of `Fn::Split`');
      if (delimiter === FAIL || source === FAIL) return FAIL;
      return valueNode(source.split(delimiter), at);
    }
    case 'Fn::FindInMap':
      return findInMap(scope, args(3), at);
    case 'Fn::If': {
      const items = args(3);
      if (items === FAIL) return FAIL;
      const name = scope.text(items[0], 'the condition of `Fn::If`');
      if (name === FAIL) return FAIL;
      const holds = scope.names.condition(name, items[0], scope);
      return holds === FAIL ? FAIL : scope.resolve(holds ? items[1] : items[2]);
    }
    case 'Fn::Equals':
    case 'Fn::Not':
    case 'Fn::And':
    case 'Fn::Or':
    case 'Condition': {
      const holds = test(scope, fn, arg, at, tagged);
      return holds === FAIL ? FAIL : valueNode(holds, at);
    }
    case 'Fn::Base64': {
      const t = scope.text(arg, 'the argument of `Fn::Base64`', tagged);
      return t === FAIL ? FAIL : valueNode(Buffer.from(t, 'utf8').toString('base64'), at);
    }
    case 'Fn::ImportValue':
      return scope.fail(at, "`Fn::ImportValue` reads another stack's export, known only in the account", parametersHelp);
    case 'Fn::GetAZs':
      return scope.fail(at, "`Fn::GetAZs` lists the account's Availability Zones, known only in the account", parametersHelp);
    default:
      return scope.fail(at, `\`${fn}\` is not resolved offline by iamspec`, parametersHelp);
  }
}

/** A condition function (`Fn::Equals`, `Not`, `And`, `Or`, `Condition`) as a boolean. */
function test(scope: Resolver, fn: string, arg: unknown, at: Node, tagged: boolean): boolean | typeof FAIL {
  if (fn === 'Condition') {
    const name = isScalar(arg) ? String(arg.value) : undefined;
    return name === undefined
      ? scope.fail(at, '`Condition` takes a name', 'write `!Condition NAME`', 'BAD_SOURCE')
      : scope.names.condition(name, at, scope);
  }
  const items = isSeq(arg) ? (arg.items as Node[]) : scope.list(arg, `the argument of \`${fn}\``, tagged);
  if (items === FAIL) return FAIL;
  if (fn === 'Fn::Equals') {
    const [a, b] = [scope.resolve(items[0]), scope.resolve(items[1])];
    if (a === FAIL || b === FAIL) return FAIL;
    return sameValue(plainOf(a), plainOf(b));
  }
  const values = items.map((i) => conditionHolds(scope, i));
  if (values.includes(FAIL)) return FAIL;
  if (fn === 'Fn::Not') return !values[0];
  return fn === 'Fn::And' ? values.every(Boolean) : values.some(Boolean);
}

/** A condition node (a function or a `Condition` reference) as a boolean. */
export function conditionHolds(scope: Resolver, node: unknown): boolean | typeof FAIL {
  const n = node as Node;
  if (typeof n?.tag === 'string' && shortForms[n.tag.slice(1)] !== undefined) return test(scope, shortForms[n.tag.slice(1)], n, n, true);
  if (isMap(n) && n.items.length === 1) {
    const key = keyText(n.items[0].key) ?? '';
    if (key === 'Condition' || key.startsWith('Fn::')) return test(scope, key, n.items[0].value, n, false);
  }
  if (isScalar(n) && typeof n.value === 'boolean') return n.value;
  return scope.fail(
    n,
    'a condition must be `Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or` or `Condition`',
    'see "Condition functions" in the CloudFormation template reference',
    'BAD_SOURCE',
  );
}

/** `Fn::Sub`: `${Name}`, `${Id.Attribute}`, `${!Literal}`, and the variables of the list form. */
function sub(scope: Resolver, arg: unknown, at: Node): Resolved {
  let template: unknown = arg;
  const vars = new Map<string, unknown>();
  if (isSeq(arg)) {
    template = arg.items[0];
    const map = arg.items[1];
    if (isMap(map)) for (const p of map.items) vars.set(keyText(p.key) ?? '', p.value);
  }
  if (!isScalar(template) || typeof template.value !== 'string')
    return scope.fail(
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
    if (vars.has(name)) v = scope.text(vars.get(name), `\`${name}\` of \`Fn::Sub\``);
    else if (name.includes('.')) v = scope.names.getAtt(name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1), at, scope);
    else v = scope.names.ref(name, at, scope);
    if (v === FAIL || v === NO_VALUE || Array.isArray(v)) {
      if (v !== FAIL) scope.fail(at, `\`${whole}\` is not a string`, 'a `Fn::Sub` variable must be a string');
      failed = true;
      return '';
    }
    return v;
  });
  if (failed) return FAIL;
  if (out.includes('{{resolve:'))
    return scope.fail(at, `dynamic reference in \`${out}\` is resolved by CloudFormation at deploy time`, parametersHelp);
  return valueNode(out, at);
}

/** `Fn::FindInMap [MapName, TopLevelKey, SecondLevelKey]`: the node written there in `Mappings`. */
function findInMap(scope: Resolver, items: Node[] | typeof FAIL, at: Node): Resolved {
  if (items === FAIL) return FAIL;
  const keys = items.slice(0, 3).map((k, i) => scope.text(k, `key ${i + 1} of \`Fn::FindInMap\``));
  if (keys.includes(FAIL)) return FAIL;
  const [mapName, top, second] = keys as string[];
  const found = member(member(scope.template.mappings.get(mapName), top), second);
  if (found === undefined)
    return scope.fail(
      at,
      `\`Mappings\` holds no \`${mapName}\` › \`${top}\` › \`${second}\``,
      "check the keys against the template's `Mappings`",
      'SOURCE_NOT_FOUND',
    );
  return scope.resolve(found);
}

/** `Fn::Equals`: the same value, scalars compared as strings (`"1"` equals `1`, as CloudFormation compares them). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === null || b === null || typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return String(a) === String(b);
}

/**
 * Template `vars`: `${name}` in a scenario and in the policy files it loads is replaced by the
 * value, on the syntax tree, so every scalar keeps its span.
 *
 * Only names of the form `[A-Za-z_][A-Za-z0-9_]*` are template variables. IAM policy variables
 * (`${aws:username}`, `${*}`, `${?}`, `${$}`, anything with a colon) are left for the engine, and
 * `$${name}` is a literal `${name}`. With `vars: { account: "111122223333" }`:
 *
 *     arn:aws:iam::${account}:user/${aws:username}   →  arn:aws:iam::111122223333:user/${aws:username}
 *     $${account}                                    →  ${account}
 *     ${acount}                                      →  UNDECLARED_VAR (did you mean `account`?)
 */
import { isMap, isScalar, type Scalar, type YAMLMap } from 'yaml';
import { didYouMean, suggest } from '../../lib/suggest';
import { diagnostic, type Diagnostic, type Span } from '../diagnostics';
import { eachNode, keyText, nodeAtPath, nodeSpan } from '../yaml-tree/nodes';
import type { ParsedYaml } from './yaml';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True when `name` is a template variable name (as opposed to an IAM policy variable). */
export function isTemplateName(name: string): boolean {
  return NAME.test(name);
}

/** The result of expanding one string. */
export interface Expansion {
  text: string;
  /** Undeclared names, with their offset in the input string. */
  undeclared: { name: string; offset: number }[];
}

/** Expands the template variables of one string. */
export function expandString(input: string, vars: Pick<ReadonlyMap<string, string>, 'get'>): Expansion {
  if (!input.includes('${')) return { text: input, undeclared: [] };
  let out = '';
  const undeclared: Expansion['undeclared'] = [];
  let i = 0;
  while (i < input.length) {
    if (input.startsWith('$${', i)) {
      const close = input.indexOf('}', i + 3);
      const name = close < 0 ? '' : input.slice(i + 3, close);
      if (isTemplateName(name)) {
        out += '${' + name + '}';
        i = close + 1;
        continue;
      }
    }
    if (input.startsWith('${', i)) {
      const close = input.indexOf('}', i + 2);
      const name = close < 0 ? '' : input.slice(i + 2, close);
      if (isTemplateName(name)) {
        const value = vars.get(name);
        if (value === undefined) {
          undeclared.push({ name, offset: i });
          out += input.slice(i, close + 1);
        } else out += value;
        i = close + 1;
        continue;
      }
      out += '${';
      i += 2;
      continue;
    }
    out += input[i];
    i++;
  }
  return { text: out, undeclared };
}

/**
 * Replaces template variables in every string scalar (keys too) of `parsed`, in place. The value of
 * the root key `skipKey` (the scenario's own `vars`) is left alone. Returns an error per undeclared
 * name. Aliases are not followed (their targets are visited once, where they are written).
 */
export function substituteVars(parsed: ParsedYaml, vars: ReadonlyMap<string, string>, skipKey?: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const root = parsed.root;
  if (root === undefined || root === null) return diagnostics;
  const skip = skipKey !== undefined && isMap(root) ? root.items.find((p) => keyText(p.key) === skipKey)?.value : undefined;
  const keyedMaps = new Set<YAMLMap>();
  eachNode(root, (node, parent, isKey) => {
    if (skip !== undefined && node === skip) return false;
    if (!isScalar(node) || typeof node.value !== 'string' || !node.value.includes('${')) return true;
    const result = expandString(node.value, vars);
    for (const u of result.undeclared) diagnostics.push(undeclaredVar(parsed, node, u.name, vars));
    if (isKey && result.text !== node.value && isMap(parent)) keyedMaps.add(parent);
    node.value = result.text;
    return true;
  });
  for (const map of keyedMaps) diagnostics.push(...duplicatesAfterSubstitution(parsed, map));
  return diagnostics;
}

/**
 * Keys of one mapping that are equal once template variables are replaced: `${a}: x` and
 * `${b}: y` with a and b both `aws:SourceIp`. The YAML parser saw two keys; the scenario means one
 * of them, and which one wins would be a silent choice (a Deny's condition could become an Allow's),
 * so it is an error, as a duplicate written out is.
 */
function duplicatesAfterSubstitution(parsed: ParsedYaml, map: YAMLMap): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, Span>();
  for (const pair of map.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string') continue;
    const span = nodeSpan(pair.key, parsed.file);
    const first = seen.get(pair.key.value);
    if (!first) {
      seen.set(pair.key.value, span);
      continue;
    }
    const d = diagnostic(
      'DUPLICATE_KEY',
      `key \`${pair.key.value}\` is given twice once template variables are replaced`,
      span,
      'give each key once: the two keys name the same thing after `vars` are applied',
    );
    out.push(d);
  }
  return out;
}

/**
 * Template variables whose values use other template variables, expanded (`vars: { account:
 * "111122223333", role: "arn:aws:iam::${account}:role/app" }` → role is
 * `arn:aws:iam::111122223333:role/app`), so no `${account}` reaches the engine as an IAM
 * variable. A variable in a circle (`a: "${b}"`, `b: "${a}"`) is VAR_CYCLE; an undeclared name in
 * a value is UNDECLARED_VAR, at the value.
 */
export function expandVarValues(
  parsed: ParsedYaml,
  vars: ReadonlyMap<string, string>,
): { vars: Map<string, string>; diagnostics: Diagnostic[] } {
  const done = new Map<string, string>();
  const visiting = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const spanOf = (name: string): Span => nodeAtPath(parsed, ['vars', name]).span;
  const resolveName = (name: string): string | undefined => {
    const known = done.get(name);
    if (known !== undefined) return known;
    const raw = vars.get(name);
    if (raw === undefined) return undefined;
    if (visiting.has(name)) return undefined;
    visiting.add(name);
    let cyclic = false;
    const result = expandString(raw, {
      get: (k: string) => {
        if (visiting.has(k)) {
          cyclic = true;
          return undefined;
        }
        return resolveName(k);
      },
    });
    visiting.delete(name);
    if (cyclic) {
      diagnostics.push(
        diagnostic(
          'VAR_CYCLE',
          `template variable \`${name}\` uses itself through its value \`${raw}\``,
          spanOf(name),
          'give one of the variables in the circle a value without `${...}`',
        ),
      );
      done.set(name, raw);
      return raw;
    }
    for (const u of result.undeclared) {
      if (vars.has(u.name)) continue; // in a circle, reported there
      diagnostics.push(
        diagnostic(
          'UNDECLARED_VAR',
          `undeclared template variable \`${u.name}\` in the value of \`${name}\``,
          spanOf(name),
          didYouMean(
            suggest(u.name, [...vars.keys()]),
            `declare it under \`vars\`, or write \`$\${${u.name}}\` for a literal \`\${${u.name}}\``,
          ),
        ),
      );
    }
    done.set(name, result.text);
    return result.text;
  };
  for (const name of vars.keys()) resolveName(name);
  return { vars: done, diagnostics };
}

function undeclaredVar(parsed: ParsedYaml, node: Scalar, name: string, vars: ReadonlyMap<string, string>): Diagnostic {
  const span = placeholderSpan(parsed, node, name);
  const declared = [...vars.keys()];
  return diagnostic(
    'UNDECLARED_VAR',
    `undeclared template variable \`${name}\``,
    span,
    didYouMean(suggest(name, declared), `declare it under \`vars\`, or write \`$\${${name}}\` for a literal \`\${${name}}\``),
  );
}

/** The span of `${name}` inside the scalar's source text, or the scalar's span. */
function placeholderSpan(parsed: ParsedYaml, node: Scalar, name: string): Span {
  const [start, end] = node.range ?? [0, 0];
  const at = parsed.text.slice(start, end).indexOf('${' + name + '}');
  if (at >= 0) return { file: parsed.file, start: start + at, end: start + at + name.length + 3 };
  return { file: parsed.file, start, end };
}

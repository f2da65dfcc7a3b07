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
import { isMap, visit, type Scalar } from 'yaml';
import { diagnostic, type Diagnostic, type Span } from '../diagnostics';
import { didYouMean, suggest } from '../../lib/suggest';
import { keyText, type ParsedYaml } from './yaml';

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
export function expandString(input: string, vars: ReadonlyMap<string, string>): Expansion {
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
  visit(root as never, {
    Pair: (_key, pair) => (skip !== undefined && pair.value === skip ? visit.SKIP : undefined),
    Scalar: (_key, node) => {
      if (typeof node.value !== 'string' || !node.value.includes('${')) return;
      const result = expandString(node.value, vars);
      for (const u of result.undeclared) diagnostics.push(undeclaredVar(parsed, node, u.name, vars));
      node.value = result.text;
    },
  });
  return diagnostics;
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

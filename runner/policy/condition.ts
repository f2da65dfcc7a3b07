/**
 * The Condition element: a mapping of operator → mapping of condition key → value or values.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
 */
import type { DiagnosticCode } from '../diagnostics';
import { report, type ParseContext } from './context';
import { MAX_CONDITION_VALUES } from '../load/limits';
import {
  checkConditionValue,
  defaultsWithoutSpace,
  familyNames,
  substitutesVariables,
  tooManyConditionValues,
  tooManyConditionValuesHelp,
} from './condition-values';
import { operatorFamily, parseOperator } from './operators';
import { readStringList } from './string-list';
import type { Condition, PolicyVersion, Spanned } from './types';
import { entriesOf, plainKeyText, shapeName, shapeOf, spanOf, type Entry } from '../yaml-tree/nodes';

/**
 * Reads a Condition block into (operator, key, values) triples. Every problem is reported; the
 * triples that could be read are returned even when others could not (the caller decides, from
 * the diagnostics, whether the policy is usable).
 */
export function readConditions(ctx: ParseContext, entry: Entry, where: string, version: PolicyVersion | undefined): Condition[] {
  const span = spanOf(entry.value, ctx, entry.keySpan);
  const shape = shapeOf(entry.value);
  if (shape !== 'map') {
    report(
      ctx,
      'BAD_CONDITION',
      where,
      `\`Condition\` is ${shapeName(shape)}`,
      span,
      'expected a mapping of condition operators to mappings of condition keys to values',
    );
    return [];
  }
  const out: Condition[] = [];
  for (const op of entriesOf(entry.value, ctx, span, plainKeyText)) {
    const parsed = parseOperator(op.key);
    if (!parsed.ok) {
      // INVARIANT: a typo'd operator is always an error, never an ignored block, so a Deny with a
      // misspelled operator cannot silently stop denying.
      report(ctx, 'UNKNOWN_OPERATOR', where, parsed.message, op.keySpan, parsed.help);
      continue;
    }
    const raw = { value: op.key, span: op.keySpan };
    const opWhere = `${where}: condition \`${op.key}\``;
    const blockShape = shapeOf(op.value);
    const blockSpan = spanOf(op.value, ctx, op.keySpan);
    if (blockShape !== 'map') {
      report(
        ctx,
        'BAD_CONDITION',
        opWhere,
        `operator block is ${shapeName(blockShape)}`,
        blockSpan,
        'expected a mapping of condition keys to values, such as `{ "aws:SourceVpc": "vpc-111bbb22" }`',
      );
      continue;
    }
    const keys = entriesOf(op.value, ctx, blockSpan, plainKeyText);
    if (keys.length === 0) {
      report(
        ctx,
        'BAD_CONDITION',
        opWhere,
        'operator block names no condition key',
        blockSpan,
        'give at least one condition key and its values',
      );
      continue;
    }
    const family = operatorFamily(parsed.operator);
    const seenKeys = new Map<string, string>();
    for (const k of keys) {
      // "Condition key names are not case-sensitive" (Condition page, "The condition block"), so
      // `aws:SourceIp` and `aws:sourceip` in one operator block are one key given twice: Access
      // Analyzer's "Error – Duplicate keys with different case"
      // (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html).
      const firstKey = seenKeys.get(k.key.toLowerCase());
      if (firstKey !== undefined && firstKey !== k.key) {
        report(
          ctx,
          'DUPLICATE_KEY',
          opWhere,
          `condition key \`${k.key}\` differs from \`${firstKey}\` only in case`,
          k.keySpan,
          'give the key once, with all its values in one list',
        );
        continue;
      }
      seenKeys.set(k.key.toLowerCase(), k.key);
      if (k.key === '') {
        report(
          ctx,
          'BAD_CONDITION',
          opWhere,
          'condition key is not a string',
          k.keySpan,
          'write the key as a string, such as `aws:SourceIp`',
        );
        continue;
      }
      const keyWhere = `${opWhere}: \`${k.key}\``;
      const values = readStringList(ctx, k, opWhere, { scalars: true, code: 'BAD_CONDITION' });
      if (!values || values.length === 0) continue;
      if (values.length > MAX_CONDITION_VALUES) {
        report(
          ctx,
          'TOO_MANY_VALUES',
          keyWhere,
          tooManyConditionValues(values.length),
          values[MAX_CONDITION_VALUES]!.span,
          tooManyConditionValuesHelp,
        );
        continue;
      }
      let ok = true;
      for (const v of values) {
        // Policy variables in values are resolved at evaluation time (2012-10-17 only), and only
        // in the families that substitute them; elsewhere `${...}` is checked as literal text.
        const variable = version === '2012-10-17' && v.value.includes('${');
        if (version !== '2012-10-17' && substitutesVariables(family)) warnLiteralVariables(ctx, keyWhere, undefined, v);
        if (variable && substitutesVariables(family)) {
          warnDefaultsWithoutSpace(ctx, keyWhere, undefined, v, 'BAD_CONDITION_VALUE');
          continue;
        }
        const help = checkConditionValue(family, v.value);
        if (help !== undefined) {
          report(
            ctx,
            'BAD_CONDITION_VALUE',
            keyWhere,
            `\`${v.value}\` is not a valid \`${parsed.operator}\` value`,
            v.span,
            variable ? `policy variables are not substituted in ${familyNames[family]} conditions` : help,
          );
          ok = false;
        }
      }
      if (!ok) continue;
      const condition: Condition = {
        raw,
        operator: parsed.operator,
        ifExists: parsed.ifExists,
        key: { value: k.key, span: k.keySpan },
        values,
      };
      if (parsed.qualifier) condition.qualifier = parsed.qualifier;
      out.push(condition);
    }
  }
  return out;
}

/**
 * Warns about each variable in `v` whose default value is not separated from the key by a comma
 * and a space (see {@link defaultsWithoutSpace}); `element` names where the value sits, if the
 * location does not already say it.
 */
/**
 * Warns about `${...}` in a policy whose Version is not 2012-10-17: AWS substitutes policy
 * variables only under that Version, so the text is compared literally and a statement that
 * looks right never matches: without `"Version": "2012-10-17"`, "variables such as
 * `${aws:username}` aren't recognized as variables and are instead treated as literal strings"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html, the note on
 * the Version element; the engine's variables.ts follows the same page).
 */
export function warnLiteralVariables(ctx: ParseContext, where: string, element: string | undefined, v: Spanned): void {
  const m = /\$\{[^}]*\}/.exec(v.value);
  if (!m) return;
  report(
    ctx,
    'LITERAL_VARIABLE',
    where,
    `\`${m[0]}\`${element ? ` in ${element}` : ''} is literal text, not a policy variable: the policy's Version is not \`2012-10-17\``,
    v.span,
    'add `"Version": "2012-10-17"` to the policy so AWS substitutes it',
    'warning',
  );
}

export function warnDefaultsWithoutSpace(
  ctx: ParseContext,
  where: string,
  element: string | undefined,
  v: Spanned,
  code: DiagnosticCode = 'BAD_ARN',
): void {
  for (const d of defaultsWithoutSpace(v.value)) {
    report(
      ctx,
      code,
      where,
      `no space after the comma in \`${d.found}\`` + (element ? ` in ${element}` : ''),
      v.span,
      `AWS documents a default value as \`${d.want}\`, with a comma and a space; it may not read the default otherwise`,
      'warning',
    );
  }
}

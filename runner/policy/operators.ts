/**
 * Condition operator names: `[ForAllValues:|ForAnyValue:]Base[IfExists]`.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
import { didYouMean, suggest } from '../../lib/suggest';
import { conditionOperators, type ConditionOperator, type SetQualifier } from './types';

/** The set operator qualifiers, as AWS spells them. */
export const setQualifiers: readonly SetQualifier[] = ['ForAllValues', 'ForAnyValue'];

/** A parsed operator name, or why it is not one. */
export type ParsedOperator =
  { ok: true; operator: ConditionOperator; qualifier?: SetQualifier; ifExists: boolean } | { ok: false; message: string; help: string };

// Every base operator with and without IfExists, except NullIfExists: "You can add IfExists to the
// end of any condition operator name except the Null condition" (condition operators page,
// section "...IfExists condition operators").
const fullNames: readonly string[] = conditionOperators.flatMap((op) => (op === 'Null' ? [op] : [op, `${op}IfExists`]));

const operatorSet: ReadonlySet<string> = new Set(conditionOperators);

/**
 * Parses an operator as written. Names are matched exactly: AWS documents each operator in one
 * spelling and, unlike context keys ("Context key names are not case-sensitive", Condition page),
 * never says operator names are case-insensitive. A near miss, including one in another case, is
 * an error with a did-you-mean over every valid name, so it is never silently ignored.
 *
 * Example: `ForAnyValue:StringLikeIfExists` → `{operator: 'StringLike', qualifier: 'ForAnyValue',
 * ifExists: true}`; `StringEqualz` → not an operator, `did you mean \`StringEquals\`?`.
 */
export function parseOperator(raw: string): ParsedOperator {
  let rest = raw;
  let qualifier: SetQualifier | undefined;
  const colon = raw.indexOf(':');
  if (colon !== -1) {
    const prefix = raw.slice(0, colon);
    qualifier = setQualifiers.find((q) => q === prefix);
    rest = raw.slice(colon + 1);
    if (!qualifier) {
      const near = suggest(prefix, setQualifiers);
      return {
        ok: false,
        message: `unknown set operator \`${prefix}\` in \`${raw}\``,
        help: didYouMean(near !== undefined ? `${near}:${rest}` : undefined, 'expected `ForAllValues:` or `ForAnyValue:`')!,
      };
    }
  }
  const unknown = (): ParsedOperator => {
    const near = suggest(rest, fullNames);
    const prefix = qualifier ? `${qualifier}:` : '';
    return {
      ok: false,
      message: `unknown condition operator \`${raw}\``,
      help: didYouMean(near !== undefined ? prefix + near : undefined, 'expected an operator such as `StringEquals`, `ArnLike` or `Bool`')!,
    };
  };
  if (rest === 'NullIfExists') {
    return { ok: false, message: `\`${raw}\` is not a valid operator`, help: '`Null` has no `IfExists` form; use `Null` alone' };
  }
  const ifExists = rest.endsWith('IfExists') && rest !== 'IfExists';
  const base = ifExists ? rest.slice(0, -'IfExists'.length) : rest;
  if (!operatorSet.has(base)) return unknown();
  const out: ParsedOperator = { ok: true, operator: base as ConditionOperator, ifExists };
  if (qualifier) out.qualifier = qualifier;
  return out;
}

/** The family of an operator, deciding how its values must be written. */
export type OperatorFamily = 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';

/** The family of a base operator. */
export function operatorFamily(op: ConditionOperator): OperatorFamily {
  if (op.startsWith('String')) return 'string';
  if (op.startsWith('Numeric')) return 'numeric';
  if (op.startsWith('Date')) return 'date';
  if (op === 'Bool') return 'bool';
  if (op === 'BinaryEquals') return 'binary';
  if (op === 'IpAddress' || op === 'NotIpAddress') return 'ip';
  if (op.startsWith('Arn')) return 'arn';
  return 'null';
}

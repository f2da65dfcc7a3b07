/**
 * ARN operators: ArnEquals and ArnLike behave the same: "Each of the six colon-delimited
 * components of the ARN is checked separately and each can include multi-character match
 * wildcards (*) or single-character match wildcards (?)". ArnNotEquals and ArnNotLike are their
 * negations. Case-sensitive. A context value that is not an ARN matches nothing.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * section "Amazon Resource Name (ARN) condition operators" (policy variables supported).
 */
import { hasWildcard } from '../../../catalog/wildcard';
import { compilePattern, type PatternText } from '../pattern';
import type { OperatorFamily, ValuePredicate } from './types';
import { hashedAnyOf } from './value-set';

/**
 * Splits an ARN into its six components: `arn`, partition, service, region, account, resource
 * (the resource keeps any further colons). Undefined when there are fewer than six.
 */
export function splitArn(arn: string): string[] | undefined {
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i < 5; i++) {
    const c = arn.indexOf(':', from);
    if (c === -1) return undefined;
    out.push(arn.slice(from, c));
    from = c + 1;
  }
  out.push(arn.slice(from));
  return out;
}

// Context values repeat (the caller's ARN in every request): split each once (bounded).
const splitCache = new Map<string, readonly string[] | null>();

function splitArnCached(arn: string): readonly string[] | undefined {
  let c = splitCache.get(arn);
  if (c === undefined) {
    c = splitArn(arn) ?? null;
    if (splitCache.size >= 4096) splitCache.clear();
    splitCache.set(arn, c);
  }
  return c ?? undefined;
}

/**
 * Compiles an ARN pattern component-wise; undefined when it has fewer than six components, so the
 * value matches nothing. ARN operators check "each of the six colon-delimited components of the
 * ARN ... separately" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html,
 * section "Amazon Resource Name (ARN) condition operators"); what a value with fewer components,
 * such as a lone `*`, matches is not documented. Kept as matching nothing (ArnNotLike with it
 * therefore matches every ARN): write `arn:*:*:*:*:*` to match any ARN.
 */
export function compileArnPattern(value: PatternText): ((arn: string) => boolean) | undefined {
  const parts = splitArn(value.text);
  if (!parts) return undefined;
  let offset = 0;
  const matchers = parts.map((text) => {
    const literal = value.literal?.slice(offset, offset + text.length);
    offset += text.length + 1;
    return compilePattern({ text, literal });
  });
  return (arn) => {
    const c = splitArnCached(arn);
    if (!c) return false;
    for (let i = 0; i < 6; i++) if (!matchers[i](c[i])) return false;
    return true;
  };
}

/** The ARN family. */
export const arnFamily: OperatorFamily = {
  name: 'arn',
  variables: true,
  compile(operator, value) {
    return operator === 'ArnEquals' || operator === 'ArnLike' ? compileArnPattern(value) : undefined;
  },
  compileSet(operator, values, compiled) {
    if (operator !== 'ArnEquals' && operator !== 'ArnLike') return undefined;
    // A value without wildcards matches exactly the ARNs equal to it: its six components, compared
    // one by one, joined by the same colons, are the whole text. Those go to a hash set.
    const exact: string[] = [];
    const others: ValuePredicate[] = [];
    values.forEach((v, i) => {
      if (v.literal === undefined && !hasWildcard(v.text)) exact.push(v.text);
      else others.push(compiled[i]);
    });
    const hashed = hashedAnyOf(exact, (s) => s);
    return (s) => hashed(s) || others.some((m) => m(s));
  },
};

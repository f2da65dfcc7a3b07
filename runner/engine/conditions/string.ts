/**
 * String operators: StringEquals, StringEqualsIgnoreCase, StringLike (and their Not forms through
 * negation in evaluate.ts). Case-sensitive except IgnoreCase; StringLike takes `*` and `?`.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * section "String condition operators".
 */
import { compilePattern } from '../pattern';
import type { OperatorFamily } from './types';
import { compileLikeSet, hashedAnyOf } from './value-set';

/** The string family. */
export const stringFamily: OperatorFamily = {
  name: 'string',
  variables: true,
  compile(operator, value) {
    switch (operator) {
      case 'StringEquals': {
        const t = value.text;
        return (s) => s === t;
      }
      case 'StringEqualsIgnoreCase': {
        const t = value.text.toLowerCase();
        return (s) => s.length === t.length && s.toLowerCase() === t;
      }
      case 'StringLike':
        return compilePattern(value);
    }
    return undefined;
  },
  compileSet(operator, values, compiled) {
    switch (operator) {
      case 'StringEquals':
        return hashedAnyOf(
          values.map((v) => v.text),
          (s) => s,
        );
      case 'StringEqualsIgnoreCase':
        // As compile: the lowercase form must keep the length (`İ` lowercases to two characters).
        return hashedAnyOf(
          values.map((v) => v.text.toLowerCase()),
          (s) => {
            const l = s.toLowerCase();
            return l.length === s.length ? l : undefined;
          },
        );
      case 'StringLike':
        return compileLikeSet(values, compiled);
    }
    return undefined;
  },
};

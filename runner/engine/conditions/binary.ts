/**
 * BinaryEquals: the policy value is base64; the context value is base64 too. The bytes are
 * compared, so two spellings of the same bytes (padding) match.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * section "Binary condition operators" (policy variables not supported).
 */
import { decodeBase64 } from '../../../lib/value-grammar';
import type { OperatorFamily } from './types';
import { hashedAnyOf } from './value-set';

/** The binary family. */
export const binaryFamily: OperatorFamily = {
  name: 'binary',
  variables: false,
  compile(operator, value) {
    const p = decodeBase64(value.text);
    if (operator !== 'BinaryEquals' || p === undefined) return undefined;
    return (s) => decodeBase64(s) === p;
  },
  compileSet(operator, values) {
    if (operator !== 'BinaryEquals') return undefined;
    return hashedAnyOf(
      values.map((v) => decodeBase64(v.text)),
      decodeBase64,
    );
  },
};

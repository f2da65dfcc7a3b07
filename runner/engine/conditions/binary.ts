/**
 * BinaryEquals: the policy value is base64; the context value is base64 too. The bytes are
 * compared, so two spellings of the same bytes (padding) match.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * section "Binary condition operators" (policy variables not supported).
 */
import type { OperatorFamily } from './types';
import { hashedAnyOf } from './value-set';

const base64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes base64 into a canonical form (bytes as hex), or undefined when it is not base64. */
export function decodeBase64(s: string): string | undefined {
  const t = s.trim();
  if (!base64.test(t) || t.replace(/=+$/, '').length % 4 === 1) return undefined;
  return Buffer.from(t, 'base64').toString('hex');
}

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
    return hashedAnyOf(values.map((v) => decodeBase64(v.text)), decodeBase64);
  },
};

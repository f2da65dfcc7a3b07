import { expect } from 'chai';
import type { Condition, ConditionOperator, SetQualifier } from '../../policy/types';
import type { ContextLookup } from '../variables';
import { compileCondition, evaluateCondition } from './evaluate';

/**
 * Set operators over large value lists (2,500 values; value-set.ts): each case is evaluated on the fast path
 * (hash sets, extreme values, grouped patterns) and on the explaining path (every policy value
 * tried in turn), and both must give `want`. Correctness only: nothing here is timed.
 */
const span = { file: 'test', start: 0, end: 0 };
const spanned = (value: string) => ({ value, span });
const range = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));
const N = 2_500;

function condition(operator: ConditionOperator, values: string[], qualifier?: SetQualifier): Condition {
  const c: Condition = {
    raw: spanned(`${qualifier ? qualifier + ':' : ''}${operator}`),
    operator,
    ifExists: false,
    key: spanned('test:Key'),
    values: values.map(spanned),
  };
  if (qualifier) c.qualifier = qualifier;
  return c;
}

function both(c: Condition, context: string | string[]): { fast: boolean; explained: boolean } {
  const cc = compileCondition(c, true);
  const lookup: ContextLookup = { get: (k) => (k === 'test:key' ? context : undefined) };
  return {
    fast: evaluateCondition(cc, lookup),
    explained: evaluateCondition(cc, lookup, { values: [], variables: new Map() }),
  };
}

// 2,500 patterns of every shape compileLikeSet tells apart: literal, `P*`, `*S`, and general.
const likePatterns = range(N, (i) => [`user-${i}`, `team-${i}/*`, `*.suffix-${i}`, `a?${i}*z`][i % 4]);
const misses = range(N, (i) => `nobody-${i}`);

const table: {
  name: string;
  operator: ConditionOperator;
  qualifier?: SetQualifier;
  values: string[];
  context: string | string[];
  want: boolean;
}[] = [
  {
    name: 'ForAnyValue:StringLike: no value of 2,500 matches any of 2,500 patterns',
    operator: 'StringLike',
    qualifier: 'ForAnyValue',
    values: likePatterns,
    context: misses,
    want: false,
  },
  {
    name: 'ForAnyValue:StringLike: the last value matches a literal pattern',
    operator: 'StringLike',
    qualifier: 'ForAnyValue',
    values: likePatterns,
    context: [...misses, 'user-2496'],
    want: true,
  },
  {
    name: 'ForAnyValue:StringLike: a value matches a prefix pattern',
    operator: 'StringLike',
    qualifier: 'ForAnyValue',
    values: likePatterns,
    context: [...misses, 'team-2497/x/y'],
    want: true,
  },
  {
    name: 'ForAnyValue:StringLike: a value matches a suffix pattern',
    operator: 'StringLike',
    qualifier: 'ForAnyValue',
    values: likePatterns,
    context: [...misses, 'file.suffix-2498'],
    want: true,
  },
  {
    name: 'ForAnyValue:StringLike: a value matches a general pattern',
    operator: 'StringLike',
    qualifier: 'ForAnyValue',
    values: likePatterns,
    context: [...misses, 'ab2499-----z'],
    want: true,
  },
  {
    name: 'ForAnyValue:StringLike: a prefix pattern needs its whole prefix',
    operator: 'StringLike',
    qualifier: 'ForAnyValue',
    values: likePatterns,
    context: ['team-5', 'team-7/x', 'team-1'],
    want: false,
  },
  {
    name: 'ForAnyValue:StringLike: `*` in `P*` matches the empty rest',
    operator: 'StringLike',
    qualifier: 'ForAnyValue',
    values: likePatterns,
    context: ['team-5/'],
    want: true,
  },
  {
    name: 'ForAnyValue:StringLike: `*` among 2,500 patterns matches anything',
    operator: 'StringLike',
    qualifier: 'ForAnyValue',
    values: [...likePatterns, '*'],
    context: misses,
    want: true,
  },
  {
    name: 'ForAnyValue:StringLike: a pattern with wildcards at both ends is tried for every value',
    operator: 'StringLike',
    qualifier: 'ForAnyValue',
    values: [...likePatterns, '*needle*'],
    context: [...misses, 'hay-needle-stack'],
    want: true,
  },
  {
    name: 'ForAnyValue:StringLike: a pattern led by `?` is filed by its suffix and still checked whole',
    operator: 'StringLike',
    qualifier: 'ForAnyValue',
    values: [...likePatterns, '?-tail'],
    context: ['xy-tail', '-tail'],
    want: false,
  },
  {
    name: 'ForAnyValue:StringLike: a pattern led by `?` matches one character before its suffix',
    operator: 'StringLike',
    qualifier: 'ForAnyValue',
    values: [...likePatterns, '?-tail'],
    context: ['x-tail'],
    want: true,
  },
  {
    name: 'ForAnyValue:StringLike: `**` matches anything, the empty string too',
    operator: 'StringLike',
    qualifier: 'ForAnyValue',
    values: [...likePatterns, '**'],
    context: [''],
    want: true,
  },
  {
    name: 'ForAnyValue:StringLike: a general pattern under a shared prefix is checked whole',
    operator: 'StringLike',
    qualifier: 'ForAnyValue',
    values: likePatterns,
    context: ['ab12z-not-at-end', 'a12z'],
    want: false,
  },
  {
    name: 'ForAllValues:StringLike: every value matches some pattern',
    operator: 'StringLike',
    qualifier: 'ForAllValues',
    values: likePatterns,
    context: range(N, (i) => (i % 2 ? `user-${4 * (i % 625)}` : `team-${4 * (i % 625) + 1}/k`)),
    want: true,
  },
  {
    name: 'ForAllValues:StringNotLike: true when no value matches any pattern',
    operator: 'StringNotLike',
    qualifier: 'ForAllValues',
    values: likePatterns,
    context: misses,
    want: true,
  },
  {
    name: 'ForAllValues:StringEquals: 2,500 values, all among 2,500',
    operator: 'StringEquals',
    qualifier: 'ForAllValues',
    values: range(N, (i) => `v${i}`),
    context: range(N, (i) => `v${N - 1 - i}`),
    want: true,
  },
  {
    name: 'ForAllValues:StringEquals: one value of 2,500 outside the set',
    operator: 'StringEquals',
    qualifier: 'ForAllValues',
    values: range(N, (i) => `v${i}`),
    context: [...range(N - 1, (i) => `v${i}`), 'V1'],
    want: false,
  },
  {
    name: 'ForAnyValue:StringNotEquals: true when one value is not among the policy values',
    operator: 'StringNotEquals',
    qualifier: 'ForAnyValue',
    values: range(N, (i) => `v${i}`),
    context: [...range(N - 1, (i) => `v${i}`), 'w'],
    want: true,
  },
  {
    name: 'StringEqualsIgnoreCase: case is ignored across 2,500 values',
    operator: 'StringEqualsIgnoreCase',
    qualifier: 'ForAllValues',
    values: range(N, (i) => `Key-${i}`),
    context: range(N, (i) => `KEY-${i}`),
    want: true,
  },
  {
    name: 'StringEqualsIgnoreCase: a value whose lowercase form is longer matches nothing',
    operator: 'StringEqualsIgnoreCase',
    values: ['i\u0307', 'x'],
    context: '\u0130',
    want: false,
  },
  {
    name: 'ForAllValues:NumericEquals: numbers compare by value, not text',
    operator: 'NumericEquals',
    qualifier: 'ForAllValues',
    values: range(N, (i) => String(i)),
    context: ['10.0', '+7', '0009', '-0'],
    want: true,
  },
  {
    name: 'ForAnyValue:NumericEquals: text that is not a number matches nothing',
    operator: 'NumericEquals',
    qualifier: 'ForAnyValue',
    values: range(N, (i) => String(i)),
    context: ['ten', '', ' '],
    want: false,
  },
  {
    name: 'ForAllValues:NumericLessThan: below the largest of 2,500 values',
    operator: 'NumericLessThan',
    qualifier: 'ForAllValues',
    values: range(N, (i) => String(N - i)),
    context: range(N, (i) => String(i)),
    want: true,
  },
  {
    name: 'ForAllValues:NumericLessThan: equal to the largest is not less',
    operator: 'NumericLessThan',
    qualifier: 'ForAllValues',
    values: range(N, (i) => String(i + 1)),
    context: [String(N)],
    want: false,
  },
  {
    name: 'ForAnyValue:NumericGreaterThanEquals: at the smallest of 2,500 values',
    operator: 'NumericGreaterThanEquals',
    qualifier: 'ForAnyValue',
    values: range(N, (i) => String(i + 5)),
    context: ['1', '4.99', '5'],
    want: true,
  },
  {
    name: 'ForAllValues:NumericGreaterThan: not above the smallest value',
    operator: 'NumericGreaterThan',
    qualifier: 'ForAllValues',
    values: range(N, (i) => String(i + 5)),
    context: ['6', '5'],
    want: false,
  },
  {
    name: 'ForAllValues:DateEquals: ISO dates and epoch seconds are one instant',
    operator: 'DateEquals',
    qualifier: 'ForAllValues',
    values: range(N, (i) => String(1767225600 + i * 86400)),
    context: ['2026-01-01T00:00:00Z', '2026-01-02', '2026-01-03T01:00:00+01:00'],
    want: true,
  },
  {
    name: 'ForAnyValue:DateLessThanEquals: at the latest of 2,500 dates',
    operator: 'DateLessThanEquals',
    qualifier: 'ForAnyValue',
    values: range(N, (i) => String(1767225600 + i)),
    context: ['nonsense', String(1767225600 + N - 1)],
    want: true,
  },
  {
    name: 'ForAllValues:DateGreaterThan: a value that is not a date fails',
    operator: 'DateGreaterThan',
    qualifier: 'ForAllValues',
    values: range(N, (i) => String(1000 + i)),
    context: ['2026-01-01', 'yesterday'],
    want: false,
  },
  {
    name: 'ForAllValues:ArnEquals: exact ARNs among 2,500',
    operator: 'ArnEquals',
    qualifier: 'ForAllValues',
    values: range(N, (i) => `arn:aws:iam::111122223333:role/r${i}`),
    context: range(N, (i) => `arn:aws:iam::111122223333:role/r${i}`),
    want: true,
  },
  {
    name: 'ForAnyValue:ArnLike: a wildcard ARN among 2,500 exact ones',
    operator: 'ArnLike',
    qualifier: 'ForAnyValue',
    values: [...range(N, (i) => `arn:aws:iam::111122223333:role/r${i}`), 'arn:aws:iam::*:user/*'],
    context: ['arn:aws:iam::444455556666:user/u', 'not-an-arn'],
    want: true,
  },
  {
    name: 'ForAnyValue:ArnLike: a value with fewer than six components matches nothing',
    operator: 'ArnLike',
    qualifier: 'ForAnyValue',
    values: ['arn:aws:s3', 'arn:aws:s3:::b'],
    context: ['arn:aws:s3', 'arn:aws:s3::'],
    want: false,
  },
  {
    name: 'ForAllValues:Bool: case-insensitive',
    operator: 'Bool',
    qualifier: 'ForAllValues',
    values: ['true', 'TRUE'],
    context: ['True', 'tRUE'],
    want: true,
  },
  {
    name: 'ForAnyValue:BinaryEquals: bytes compare, padding or not',
    operator: 'BinaryEquals',
    qualifier: 'ForAnyValue',
    values: range(N, (i) => Buffer.from(`bytes-${i}`).toString('base64')),
    context: ['not base64!', Buffer.from('bytes-42').toString('base64').replace(/=+$/, '')],
    want: true,
  },
];

describe('set operators over large value lists', () => {
  for (const t of table) {
    it(t.name, () => {
      expect(both(condition(t.operator, t.values, t.qualifier), t.context)).to.deep.equal({ fast: t.want, explained: t.want });
    });
  }
});

import { expect } from 'chai';
import { conditionOperators, type Condition, type ConditionOperator, type SetQualifier } from '../../policy/types';
import type { ContextLookup } from '../variables';
import { compileCondition, evaluateCondition, operatorTable } from './evaluate';

/**
 * Every operator through the rules evaluate.ts owns: IfExists, set qualifiers, negation and
 * missing keys (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html,
 * intro "Important" note and section "...IfExists condition operators";
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
 */
const span = { file: 'test', start: 0, end: 0 };
const spanned = (value: string) => ({ value, span });

function condition(
  operator: ConditionOperator,
  values: string[],
  options: { ifExists?: boolean; qualifier?: SetQualifier } = {},
): Condition {
  const name = `${options.qualifier ? options.qualifier + ':' : ''}${operator}${options.ifExists ? 'IfExists' : ''}`;
  const c: Condition = {
    raw: spanned(name),
    operator,
    ifExists: options.ifExists === true,
    key: spanned('test:Key'),
    values: values.map(spanned),
  };
  if (options.qualifier) c.qualifier = options.qualifier;
  return c;
}

const lookupOf = (context: Record<string, string | string[]>): ContextLookup => ({ get: (k) => context[k] });
const run = (c: Condition, context: Record<string, string | string[]>): boolean =>
  evaluateCondition(compileCondition(c, true), lookupOf(context));

/** Per base operator: a policy value, a context value the positive form matches, and one it does not. */
const samples: Record<string, { policy: string; hit: string; miss: string }> = {
  string: { policy: 'a*', hit: 'a*', miss: 'b' },
  stringLike: { policy: 'a*', hit: 'abc', miss: 'bcd' },
  stringIgnoreCase: { policy: 'ABC', hit: 'abc', miss: 'abd' },
  numericEquals: { policy: '10', hit: '10.0', miss: '11' },
  numericLess: { policy: '10', hit: '9', miss: '11' },
  numericGreater: { policy: '10', hit: '11', miss: '9' },
  dateEquals: { policy: '2026-01-01T00:00:00Z', hit: '1767225600', miss: '2026-01-02' },
  dateLess: { policy: '2026-01-01T00:00:00Z', hit: '2025-12-31', miss: '2026-02-01' },
  dateGreater: { policy: '2026-01-01T00:00:00Z', hit: '2026-02-01', miss: '2025-12-31' },
  bool: { policy: 'true', hit: 'true', miss: 'false' },
  binary: { policy: 'QUJD', hit: 'QUJD', miss: 'QUJE' },
  ip: { policy: '192.0.2.0/24', hit: '192.0.2.9', miss: '198.51.100.1' },
  arn: { policy: 'arn:aws:s3:::b*', hit: 'arn:aws:s3:::bucket', miss: 'arn:aws:s3:::other' },
};

function sampleFor(op: ConditionOperator): { policy: string; hit: string; miss: string } {
  const positive = operatorTable[op].positive;
  if (positive === 'StringEquals') return samples.string;
  if (positive === 'StringLike') return samples.stringLike;
  if (positive === 'StringEqualsIgnoreCase') return samples.stringIgnoreCase;
  if (positive === 'NumericEquals') return samples.numericEquals;
  if (positive.startsWith('NumericLess')) return samples.numericLess;
  if (positive.startsWith('NumericGreater')) return samples.numericGreater;
  if (positive === 'DateEquals') return samples.dateEquals;
  if (positive.startsWith('DateLess')) return samples.dateLess;
  if (positive.startsWith('DateGreater')) return samples.dateGreater;
  if (positive === 'Bool') return samples.bool;
  if (positive === 'BinaryEquals') return samples.binary;
  if (positive === 'IpAddress') return samples.ip;
  return samples.arn;
}

describe('condition operators', () => {
  for (const op of conditionOperators.filter((o) => o !== 'Null')) {
    const { negated } = operatorTable[op];
    const s = sampleFor(op);
    describe(op, () => {
      it(`${negated ? 'does not match' : 'matches'} a value its positive form matches`, () => {
        expect(run(condition(op, [s.policy]), { 'test:key': s.hit })).to.equal(!negated);
      });
      it(`${negated ? 'matches' : 'does not match'} a value its positive form does not match`, () => {
        expect(run(condition(op, [s.policy]), { 'test:key': s.miss })).to.equal(negated);
      });
      it(`is ${negated} when the key is missing`, () => {
        expect(run(condition(op, [s.policy]), {})).to.equal(negated);
      });
      it('with IfExists is true when the key is missing', () => {
        expect(run(condition(op, [s.policy], { ifExists: true }), {})).to.equal(true);
      });
      it('with IfExists checks a present key as the plain operator does', () => {
        expect(run(condition(op, [s.policy], { ifExists: true }), { 'test:key': s.hit })).to.equal(!negated);
        expect(run(condition(op, [s.policy], { ifExists: true }), { 'test:key': s.miss })).to.equal(negated);
      });
      it('with ForAllValues is true when the key is missing or empty', () => {
        expect(run(condition(op, [s.policy], { qualifier: 'ForAllValues' }), {})).to.equal(true);
        expect(run(condition(op, [s.policy], { qualifier: 'ForAllValues' }), { 'test:key': [] })).to.equal(true);
      });
      it('with ForAnyValue is false when the key is missing or empty', () => {
        expect(run(condition(op, [s.policy], { qualifier: 'ForAnyValue' }), {})).to.equal(false);
        expect(run(condition(op, [s.policy], { qualifier: 'ForAnyValue' }), { 'test:key': [] })).to.equal(false);
      });
      it('with ForAllValues needs every value to satisfy it; ForAnyValue needs one', () => {
        const good = negated ? s.miss : s.hit;
        const bad = negated ? s.hit : s.miss;
        expect(run(condition(op, [s.policy], { qualifier: 'ForAllValues' }), { 'test:key': [good, good] })).to.equal(true);
        expect(run(condition(op, [s.policy], { qualifier: 'ForAllValues' }), { 'test:key': [good, bad] })).to.equal(false);
        expect(run(condition(op, [s.policy], { qualifier: 'ForAnyValue' }), { 'test:key': [bad, good] })).to.equal(true);
        expect(run(condition(op, [s.policy], { qualifier: 'ForAnyValue' }), { 'test:key': [bad, bad] })).to.equal(false);
      });
      it('ORs several policy values', () => {
        expect(run(condition(op, [s.miss === s.policy ? s.hit : 'unrelated', s.policy]), { 'test:key': s.hit })).to.equal(!negated);
      });
    });
  }

  describe('Null', () => {
    const table: { name: string; value: string; context: Record<string, string | string[]>; want: boolean }[] = [
      { name: 'true matches a missing key', value: 'true', context: {}, want: true },
      { name: 'true does not match a present key', value: 'true', context: { 'test:key': 'x' }, want: false },
      { name: 'false matches a present key', value: 'false', context: { 'test:key': 'x' }, want: true },
      { name: 'false does not match a missing key', value: 'false', context: {}, want: false },
      { name: 'true matches an empty set (no value)', value: 'true', context: { 'test:key': [] }, want: true },
      { name: 'values are case-insensitive', value: 'TRUE', context: {}, want: true },
    ];
    for (const t of table) it(t.name, () => expect(run(condition('Null', [t.value]), t.context)).to.equal(t.want));
  });
});

describe('compileCondition', () => {
  it('refuses an operator the policy model does not know instead of evaluating it', () => {
    const c = condition('StringEquals', ['x']);
    (c as { operator: string }).operator = 'StringEqualz';
    expect(() => compileCondition(c, true)).to.throw(/unknown condition operator/);
  });
});

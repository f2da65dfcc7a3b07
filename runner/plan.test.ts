import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../catalog/catalog';
import { loadScenario } from './load/load-scenario';
import { buildScenario } from './model/build';
import type { Scenario } from './model/types';
import { checkContextKeys, planScenario, type PlanOptions } from './plan';

const catalog = loadCatalog();
const header = [
  'principals:',
  '  app: { arn: "arn:aws:iam::111122223333:role/app" }',
  '  ops: { arn: "arn:aws:iam::111122223333:role/ops" }',
  'resources:',
  '  db: { arn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf" }',
  '  api: { arn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:api-GhIjKl" }',
  'expect:',
].join('\n');

let dir: string;

/** Builds a scenario from expectation YAML under the shared header. */
function scenario(expectations: string): Scenario {
  writeFileSync(join(dir, 's.yaml'), `${header}\n${expectations}\n`);
  const loaded = loadScenario('s.yaml', 's.yaml', { cwd: dir });
  expect(loaded.diagnostics).to.deep.equal([]);
  const built = buildScenario(loaded.value!);
  expect(built.diagnostics).to.deep.equal([]);
  return built.value;
}

function plan(expectations: string, options: PlanOptions = {}): string[] {
  const result = planScenario(scenario(expectations), catalog, options);
  expect(result.diagnostics).to.deep.equal([]);
  return result.value!.map((c) => `${c.name} = ${c.expected}`);
}

describe('planScenario', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'iamspec-plan-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('expands action items through the catalog', () => {
    const table: { name: string; input: string; want: string[] }[] = [
      {
        name: 'a named action, case-insensitively, in AWS spelling',
        input: '  - { principal: app, resource: db, allow: [secretsmanager:getsecretvalue] }',
        want: ['expect #1 › app › secretsmanager:GetSecretValue on db = allow'],
      },
      {
        name: 'a wildcard pattern to the actions that apply to the resource',
        input: '  - { principal: app, resource: db, deny: ["secretsmanager:Delete*"] }',
        want: ['expect #1 › app › secretsmanager:DeleteResourcePolicy on db = deny', 'expect #1 › app › secretsmanager:DeleteSecret on db = deny'],
      },
      {
        name: 'a wildcard without resource to the actions that take none',
        input: '  - { principal: app, implicitDeny: ["secretsmanager:*"] }',
        want: [
          'expect #1 › app › secretsmanager:BatchGetSecretValue on * = implicitDeny',
          'expect #1 › app › secretsmanager:GetRandomPassword on * = implicitDeny',
          'expect #1 › app › secretsmanager:ListSecrets on * = implicitDeny',
        ],
      },
      {
        name: 'a literal `*` resource, as no resource',
        input: '  - { principal: app, resource: "*", implicitDeny: [secretsmanager:ListSecrets] }',
        want: ['expect #1 › app › secretsmanager:ListSecrets on * = implicitDeny'],
      },
      {
        name: "a selector without service, through the resource's service",
        input: '  - { principal: app, resource: db, deny: [{ accessLevel: Permissions management }] }',
        want: [
          'expect #1 › app › secretsmanager:DeleteResourcePolicy on db = deny',
          'expect #1 › app › secretsmanager:PutResourcePolicy on db = deny',
          'expect #1 › app › secretsmanager:ValidateResourcePolicy on db = deny',
        ],
      },
      {
        name: 'a selector with service and a list of levels, case-insensitively',
        input: '  - { principal: app, implicitDeny: [{ service: secretsmanager, accessLevel: [list, Read] }] }',
        want: [
          'expect #1 › app › secretsmanager:BatchGetSecretValue on * = implicitDeny',
          'expect #1 › app › secretsmanager:GetRandomPassword on * = implicitDeny',
          'expect #1 › app › secretsmanager:ListSecrets on * = implicitDeny',
        ],
      },
    ];
    for (const row of table) it(row.name, () => expect(plan(row.input)).to.deep.equal(row.want));
  });

  it('makes a matrix: principals × resources × actions, in that order, with stable names', () => {
    const input = [
      '  - name: matrix',
      '    principal: [app, ops]',
      '    resource: [db, "arn:aws:secretsmanager:us-east-1:111122223333:secret:literal-MnOpQr"]',
      '    allow: [secretsmanager:GetSecretValue]',
      '    explicitDeny: [secretsmanager:DeleteSecret]',
    ].join('\n');
    const want = [
      'matrix › app › secretsmanager:GetSecretValue on db = allow',
      'matrix › app › secretsmanager:DeleteSecret on db = explicitDeny',
      'matrix › app › secretsmanager:GetSecretValue on arn:aws:secretsmanager:us-east-1:111122223333:secret:literal-MnOpQr = allow',
      'matrix › app › secretsmanager:DeleteSecret on arn:aws:secretsmanager:us-east-1:111122223333:secret:literal-MnOpQr = explicitDeny',
      'matrix › ops › secretsmanager:GetSecretValue on db = allow',
      'matrix › ops › secretsmanager:DeleteSecret on db = explicitDeny',
      'matrix › ops › secretsmanager:GetSecretValue on arn:aws:secretsmanager:us-east-1:111122223333:secret:literal-MnOpQr = allow',
      'matrix › ops › secretsmanager:DeleteSecret on arn:aws:secretsmanager:us-east-1:111122223333:secret:literal-MnOpQr = explicitDeny',
    ];
    expect(plan(input)).to.deep.equal(want);
    expect(plan(input)).to.deep.equal(want);
  });

  it('keeps one case when an action is listed twice with the same expectation', () => {
    expect(plan('  - { principal: app, resource: db, deny: ["secretsmanager:Delete*", secretsmanager:DeleteSecret] }')).to.deep.equal([
      'expect #1 › app › secretsmanager:DeleteResourcePolicy on db = deny',
      'expect #1 › app › secretsmanager:DeleteSecret on db = deny',
    ]);
  });

  it('merges the expectation context over the file context and builds the request', () => {
    writeFileSync(
      join(dir, 'ctx.yaml'),
      `${header.replace('expect:', 'context: { aws:SourceIp: 10.0.0.1, aws:SecureTransport: true }\nexpect:')}\n  - { principal: app, resource: db, context: { aws:sourceip: 203.0.113.7, n: [1, 01] }, allow: [secretsmanager:GetSecretValue] }\n`,
    );
    const loaded = loadScenario('ctx.yaml', 'ctx.yaml', { cwd: dir });
    const [c] = planScenario(buildScenario(loaded.value!).value, catalog).value!;
    expect({ ...c.request.context }).to.deep.equal({ 'aws:SecureTransport': 'true', 'aws:sourceip': '203.0.113.7', n: ['1', '01'] });
    expect(c.request.action).to.equal('secretsmanager:GetSecretValue');
    expect(c.request.resource?.arn).to.equal('arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf');
    expect(c.request.principal.arn).to.equal('arn:aws:iam::111122223333:role/app');
  });

  it('filters by --grep on the suite name and case name', () => {
    expect(plan('  - { principal: [app, ops], resource: db, allow: [secretsmanager:GetSecretValue] }', { grep: '› ops ›' })).to.deep.equal([
      'expect #1 › ops › secretsmanager:GetSecretValue on db = allow',
    ]);
  });

  it('keeps only `only: true` expectations in only mode, and marks `skip: true` cases', () => {
    const input = [
      '  - { name: a, principal: app, resource: db, allow: [secretsmanager:GetSecretValue] }',
      '  - { name: b, only: true, skip: true, principal: app, resource: db, allow: [secretsmanager:DescribeSecret] }',
    ].join('\n');
    const result = planScenario(scenario(input), catalog, { onlyMode: true });
    expect(result.value!.map((c) => [c.name, c.skip])).to.deep.equal([['b › app › secretsmanager:DescribeSecret on db', '`skip: true`']]);
  });

  it('refuses a matrix past the limit before building any case', () => {
    const result = planScenario(scenario('  - { principal: [app, ops], resource: [db, api], deny: ["secretsmanager:*"] }'), catalog, { budget: 10 });
    expect(result.value).to.equal(undefined);
    expect(result.diagnostics.map((d) => [d.code, d.message])).to.deep.equal([['TOO_MANY_CASES', 'expectation 1 brings the run past 10 test cases']]);
    expect(result.diagnostics[0].help).to.equal('the limit is 1,000,000 test cases per run; narrow the wildcard or selector, or split the matrix');
  });

  it('refuses a selector over every service that would expand to millions of cases', () => {
    const principals = Array.from({ length: 60 }, (_, i) => `p${i}`);
    const text = [
      'principals:',
      ...principals.map((p) => `  ${p}: { arn: "arn:aws:iam::111122223333:role/${p}" }`),
      'expect:',
      `  - { principal: [${principals.join(', ')}], implicitDeny: ["*"] }`,
      `  - { principal: [${principals.join(', ')}], deny: ["*"], context: { x: "1" } }`,
      '',
    ].join('\n');
    writeFileSync(join(dir, 'huge.yaml'), text);
    const built = buildScenario(loadScenario('huge.yaml', 'huge.yaml', { cwd: dir }).value!);
    const result = planScenario(built.value, catalog, { budget: 50_000 });
    expect(result.diagnostics.map((d) => d.code)).to.deep.equal(['TOO_MANY_CASES']);
  });

  it('warns about context keys the catalog does not know, with a did-you-mean', () => {
    const s = scenario('  - { principal: app, context: { aws:SecureTransprt: true, aws:sourceip: 10.0.0.1, secretsmanager:BlockPublicPolicyy: true }, allow: [secretsmanager:ListSecrets] }');
    expect(checkContextKeys(s, catalog).map((d) => [d.code, d.severity, d.message, d.help])).to.deep.equal([
      ['UNKNOWN_CONDITION_KEY', 'warning', 'unknown condition key `aws:SecureTransprt` in `context`', 'did you mean `aws:SecureTransport`?'],
      ['UNKNOWN_CONDITION_KEY', 'warning', 'unknown condition key `secretsmanager:BlockPublicPolicyy` in `context`', 'did you mean `secretsmanager:BlockPublicPolicy`?'],
    ]);
  });
});

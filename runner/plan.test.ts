import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../catalog/catalog';
import { loadScenario } from './load/load-scenario';
import { lineCol } from './diagnostics';
import { MAX_CONTEXT_VALUES } from './load/limits';
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
        want: [
          'expect #1 › app › secretsmanager:DeleteResourcePolicy on db = deny',
          'expect #1 › app › secretsmanager:DeleteSecret on db = deny',
        ],
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
    const result = planScenario(scenario('  - { principal: [app, ops], resource: [db, api], deny: ["secretsmanager:*"] }'), catalog, {
      budget: 10,
    });
    expect(result.value).to.equal(undefined);
    expect(result.diagnostics.map((d) => [d.code, d.message])).to.deep.equal([
      ['TOO_MANY_CASES', 'expectation 1 brings the run past 10 test cases'],
    ]);
    expect(result.diagnostics[0].help).to.equal(
      'the limit is 1,000,000 test cases per run; narrow the wildcard or selector, or split the matrix',
    );
  });

  describe('customer managed keys of secrets', () => {
    const keyArn = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    function keyScenario(kmsKeyId: string, declareKey: boolean, expectations: string, resources: string[] = []): Scenario {
      const text = [
        'principals:',
        '  app: { arn: "arn:aws:iam::111122223333:role/app" }',
        'policies:',
        '  key-policy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" }] }',
        'resources:',
        `  db: { arn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf", kmsKeyId: "${kmsKeyId}" }`,
        ...(declareKey ? [`  db-key: { arn: "${keyArn}", policy: key-policy }`] : []),
        ...resources,
        'expect:',
        expectations,
        '',
      ].join('\n');
      writeFileSync(join(dir, 'keys.yaml'), text);
      const built = buildScenario(loadScenario('keys.yaml', 'keys.yaml', { cwd: dir }).value!);
      expect(built.diagnostics).to.deep.equal([]);
      return built.value;
    }

    it('refuses an allow on a value action of a secret whose key is not declared, at the action, with help', () => {
      const s = keyScenario(
        keyArn,
        false,
        '  - { principal: app, resource: db, allow: [secretsmanager:GetSecretValue, secretsmanager:PutSecretValue, secretsmanager:DescribeSecret] }',
      );
      const result = planScenario(s, catalog);
      expect(result.value).to.equal(undefined);
      const text = readFileSync(join(dir, 'keys.yaml'), 'utf8');
      expect(result.diagnostics.map((d) => [d.code, d.severity, lineCol(text, d.span!.start).line, d.message, d.help])).to.deep.equal([
        [
          'UNDECLARED_KEY',
          'error',
          8,
          `\`secretsmanager:GetSecretValue\` on \`db\` is also a \`kms:Decrypt\` request on its customer managed key \`${keyArn}\`, which \`resources\` does not declare`,
          `declare the key under \`resources\` (\`arn: ${keyArn}\`) with its key \`policy\`, so the key policy can be checked`,
        ],
        [
          'UNDECLARED_KEY',
          'error',
          8,
          `\`secretsmanager:PutSecretValue\` on \`db\` is also a \`kms:GenerateDataKey\` request on its customer managed key \`${keyArn}\`, which \`resources\` does not declare`,
          `declare the key under \`resources\` (\`arn: ${keyArn}\`) with its key \`policy\`, so the key policy can be checked`,
        ],
      ]);
    });

    it('plans deny expectations and secrets with the AWS managed key without a declared key', () => {
      expect(
        planScenario(keyScenario(keyArn, false, '  - { principal: app, resource: db, deny: [secretsmanager:GetSecretValue] }'), catalog)
          .diagnostics,
      ).to.deep.equal([]);
      expect(
        planScenario(
          keyScenario('alias/aws/secretsmanager', false, '  - { principal: app, resource: db, allow: [secretsmanager:GetSecretValue] }'),
          catalog,
        ).diagnostics,
      ).to.deep.equal([]);
    });

    for (const alias of ['alias/app-key', 'arn:aws:kms:us-east-1:111122223333:alias/app-key']) {
      it(`refuses an allow on a value action of a secret whose key is the alias \`${alias}\`, with help to give the key ARN`, () => {
        // Declaring the alias ARN itself does not help: an alias has no key policy.
        const s = keyScenario(alias, false, '  - { principal: app, resource: db, allow: [secretsmanager:GetSecretValue] }', [
          '  alias: { arn: "arn:aws:kms:us-east-1:111122223333:alias/app-key", policy: key-policy }',
        ]);
        const result = planScenario(s, catalog);
        expect(result.value).to.equal(undefined);
        expect(result.diagnostics.map((d) => [d.code, d.severity, d.message, d.help])).to.deep.equal([
          [
            'UNDECLARED_KEY',
            'error',
            `\`secretsmanager:GetSecretValue\` on \`db\` is also a \`kms:Decrypt\` request on the customer managed key that the alias \`${alias}\` points to, which \`resources\` cannot declare`,
            'iamspec cannot resolve a KMS alias offline: declare the key the alias points to under `resources` by its key ARN (`arn: arn:aws:kms:REGION:ACCOUNT:key/<key id>`) with its key `policy`, and give that ARN as `kmsKeyId`',
          ],
        ]);
      });
    }

    it('relates a declared key, by ARN or by key id, with its key policy', () => {
      for (const id of [keyArn, '1234abcd-12ab-34cd-56ef-1234567890ab']) {
        const s = keyScenario(id, true, '  - { principal: app, resource: db, allow: [secretsmanager:GetSecretValue] }');
        const result = planScenario(s, catalog);
        expect(result.diagnostics).to.deep.equal([]);
        const related = result.value![0].policies.related!.get(id)!;
        expect(related.resource.arn).to.equal(keyArn);
        expect(related.policy!.name).to.equal('key-policy');
      }
    });
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
    const s = scenario(
      '  - { principal: app, context: { aws:SecureTransprt: true, aws:sourceip: 10.0.0.1, secretsmanager:BlockPublicPolicyy: true }, allow: [secretsmanager:ListSecrets] }',
    );
    expect(checkContextKeys(s, catalog).map((d) => [d.code, d.severity, d.message, d.help])).to.deep.equal([
      [
        'UNKNOWN_CONDITION_KEY',
        'warning',
        'unknown condition key `aws:SecureTransprt` in `context`',
        'did you mean `aws:SecureTransport`?',
      ],
      [
        'UNKNOWN_CONDITION_KEY',
        'warning',
        'unknown condition key `secretsmanager:BlockPublicPolicyy` in `context`',
        'did you mean `secretsmanager:BlockPublicPolicy`?',
      ],
    ]);
  });

  describe("checks context values against their keys' types, as policy values are checked", () => {
    // Each row is one expectation line (line 8 of the file, after the 7-line header); errors are
    // asserted whole: code, line:col, message and help.
    const table: { name: string; context: string; want: string[][] }[] = [
      {
        name: 'a Bool key refuses the YAML 1.1 boolean `no`',
        context: '{ aws:SecureTransport: no }',
        want: [
          [
            'BAD_CONDITION_VALUE',
            '8:69',
            'context key `aws:SecureTransport`: `no` is not a valid `Bool` value',
            'expected `true` or `false`',
          ],
        ],
      },
      {
        name: 'a Bool key refuses `0`',
        context: '{ aws:SecureTransport: 0 }',
        want: [
          [
            'BAD_CONDITION_VALUE',
            '8:69',
            'context key `aws:SecureTransport`: `0` is not a valid `Bool` value',
            'expected `true` or `false`',
          ],
        ],
      },
      {
        name: 'a Bool key takes `true`, `false` and `"TRUE"`',
        context: '{ aws:SecureTransport: "TRUE", aws:MultiFactorAuthPresent: false, aws:ViaAWSService: true }',
        want: [],
      },
      {
        name: 'a Date key refuses `yesterday`',
        context: '{ aws:CurrentTime: yesterday }',
        want: [
          [
            'BAD_CONDITION_VALUE',
            '8:65',
            'context key `aws:CurrentTime`: `yesterday` is not a valid `Date` value',
            'expected an ISO 8601 date such as `2026-01-01T00:00:00Z`, or epoch seconds',
          ],
        ],
      },
      {
        name: 'a Date key refuses a day that does not exist',
        context: '{ aws:CurrentTime: 2026-02-31 }',
        want: [
          [
            'BAD_CONDITION_VALUE',
            '8:65',
            'context key `aws:CurrentTime`: `2026-02-31` is not a valid `Date` value',
            'expected an ISO 8601 date such as `2026-01-01T00:00:00Z`, or epoch seconds',
          ],
        ],
      },
      {
        name: 'a Date key takes an ISO date-time or epoch seconds',
        context: '{ aws:CurrentTime: "2026-01-01T10:00:00Z", aws:TokenIssueTime: 1767225600 }',
        want: [],
      },
      { name: 'aws:EpochTime (Date, also Numeric) takes epoch seconds', context: '{ aws:EpochTime: 1767225600 }', want: [] },
      {
        // AWS sends epoch seconds; an ISO date would leave a Numeric condition on the key unmatched.
        name: 'aws:EpochTime (Date, also Numeric) refuses an ISO date, which Numeric operators cannot read',
        context: '{ aws:EpochTime: "2025-01-01T00:00:00Z" }',
        want: [
          [
            'BAD_CONDITION_VALUE',
            '8:63',
            'context key `aws:EpochTime`: `2025-01-01T00:00:00Z` is not a valid `Date` and `Numeric` value',
            'expected an integer or decimal number such as `10` or `2.5`; the key is `Date` and `Numeric`, so its value must read as each',
          ],
        ],
      },
      {
        name: 'a Numeric key refuses `lots`',
        context: '{ aws:MultiFactorAuthAge: lots }',
        want: [
          [
            'BAD_CONDITION_VALUE',
            '8:72',
            'context key `aws:MultiFactorAuthAge`: `lots` is not a valid `Numeric` value',
            'expected an integer or decimal number such as `10` or `2.5`',
          ],
        ],
      },
      {
        name: 'an IPAddress key refuses a host name',
        context: '{ aws:SourceIp: example.com }',
        want: [
          [
            'BAD_CONDITION_VALUE',
            '8:62',
            'context key `aws:SourceIp`: `example.com` is not a valid `IPAddress` value',
            'expected one IPv4 or IPv6 address such as `10.1.2.3` or `2001:db8::1`',
          ],
        ],
      },
      ...['10.1.2.3/32', '0.0.0.0/0', '2001:db8::/32'].map((cidr) => ({
        name: `an IPAddress key refuses a CIDR block (${cidr}): a request comes from one address`,
        context: `{ aws:SourceIp: "${cidr}" }`,
        want: [
          [
            'BAD_CONDITION_VALUE',
            '8:62',
            `context key \`aws:SourceIp\`: \`${cidr}\` is not a valid \`IPAddress\` value`,
            "a request comes from one IP address, not a CIDR block: write the caller's address, e.g. `10.1.2.3`",
          ],
        ],
      })),
      {
        name: 'an IPAddress key refuses an IPv6 zone id',
        context: '{ aws:SourceIp: "fe80::1%eth0" }',
        want: [
          [
            'BAD_CONDITION_VALUE',
            '8:62',
            'context key `aws:SourceIp`: `fe80::1%eth0` is not a valid `IPAddress` value',
            'remove the zone id `%eth0`: write the address without one, such as `fe80::1`',
          ],
        ],
      },
      {
        name: 'an IPAddress key takes one IPv4 or IPv6 address',
        context: '{ aws:SourceIp: 10.1.2.3, aws:VpcSourceIp: "2001:db8::1" }',
        want: [],
      },
      {
        name: 'a single-valued key refuses a list',
        context: '{ aws:SourceIp: [192.0.2.1, 192.0.2.2] }',
        want: [
          [
            'BAD_CONDITION_VALUE',
            '8:62',
            'context key `aws:SourceIp` takes one value (its type is `IPAddress`), found a list',
            'write one value; only keys of an `ArrayOf…` type take a list',
          ],
        ],
      },
      {
        name: 'a multivalued key takes a list, and checks each item',
        context: '{ aws:TagKeys: [team, project], aws:PrincipalServiceNamesList: [] }',
        want: [],
      },
      { name: 'a String key takes any text, numbers as written', context: '{ aws:username: 012345, aws:PrincipalTag/team: "" }', want: [] },
      {
        name: 'a key the catalog does not know is only warned about',
        context: '{ aws:SecureTransprt: no }',
        want: [
          [
            'UNKNOWN_CONDITION_KEY',
            '8:48',
            'unknown condition key `aws:SecureTransprt` in `context`',
            'did you mean `aws:SecureTransport`?',
          ],
        ],
      },
    ];
    for (const t of table) {
      it(t.name, () => {
        const line = `  - { principal: app, resource: db, context: ${t.context}, allow: [secretsmanager:GetSecretValue] }`;
        const text = `${header}\n${line}\n`;
        const got = checkContextKeys(scenario(line), catalog).map((d) => {
          const { line: l, column } = lineCol(text, d.span!.start);
          return [d.code, `${l}:${column}`, d.message, d.help!];
        });
        expect(got).to.deep.equal(t.want);
      });
    }

    it(`refuses more than ${MAX_CONTEXT_VALUES} values for one key, at the first value past the limit`, () => {
      const values = Array.from({ length: MAX_CONTEXT_VALUES + 1 }, (_, i) => `k${i}`);
      const s = scenario(
        `  - { principal: app, resource: db, context: { aws:TagKeys: [${values.join(', ')}] }, allow: [secretsmanager:GetSecretValue] }`,
      );
      const got = checkContextKeys(s, catalog);
      expect(got.map((d) => [d.code, d.severity, d.message])).to.deep.equal([
        ['TOO_MANY_VALUES', 'error', 'context key `aws:TagKeys`: 10,001 values, more than the limit of 10,000'],
      ]);
      expect(got[0]!.span!.start).to.equal(s.contextKeys[0]!.values![MAX_CONTEXT_VALUES]!.span.start);
    });
  });
});

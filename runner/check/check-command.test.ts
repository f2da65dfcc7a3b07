import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../cli';

/** Files of a case, by path relative to its folder. */
type Files = Record<string, string>;

interface Case {
  name: string;
  files: Files;
  args: string[];
  code: number;
  /** Exact stdout, or a pattern. */
  stdout?: string | RegExp;
  /** Pattern stderr must match; absent: stderr must be empty. */
  stderr?: RegExp;
}

const passRole = ['Version: "2012-10-17"', 'Statement:', '  - Effect: Allow', '    Action: iam:PassRole', '    Resource: "*"', ''].join(
  '\n',
);
const badEffect = '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Permit", "Action": "s3:GetObject", "Resource": "*" }] }\n';
const unknownAction = '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*" }] }\n';
const scenario = [
  'name: a public secret',
  'policies:',
  '  open:',
  '    Version: "2012-10-17"',
  '    Statement:',
  '      - Effect: Allow',
  '        Principal: "*"',
  '        Action: secretsmanager:GetSecretValue',
  '        Resource: "*"',
  'resources:',
  '  db:',
  '    arn: arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf',
  '    policy: open',
  'principals:',
  '  app: { arn: "arn:aws:iam::111122223333:role/app" }',
  'expect:',
  '  - { principal: app, resource: db, allow: [secretsmanager:GetSecretValue] }',
  '',
].join('\n');

/** A `terraform show -json` plan: an identity policy, a public bucket policy and a role trust policy. */
const plan =
  JSON.stringify(
    {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            {
              address: 'aws_iam_policy.deploy',
              mode: 'managed',
              type: 'aws_iam_policy',
              name: 'deploy',
              values: {
                policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] }),
              },
            },
            {
              address: 'aws_s3_bucket_policy.site',
              mode: 'managed',
              type: 'aws_s3_bucket_policy',
              name: 'site',
              values: {
                policy: JSON.stringify({
                  Version: '2012-10-17',
                  Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*' }],
                }),
              },
            },
            {
              address: 'aws_iam_role.app',
              mode: 'managed',
              type: 'aws_iam_role',
              name: 'app',
              values: {
                assume_role_policy: JSON.stringify({
                  Version: '2012-10-17',
                  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
                }),
              },
            },
            { address: 'aws_s3_bucket.logs', mode: 'managed', type: 'aws_s3_bucket', name: 'logs', values: { bucket: 'logs' } },
          ],
        },
      },
    },
    null,
    2,
  ) + '\n';

const cases: Case[] = [
  {
    name: 'prints the findings grouped by file and exits 0 below the default threshold (ERROR)',
    files: { 'p.yaml': passRole },
    args: ['check', 'p.yaml'],
    code: 0,
    stdout: [
      'p.yaml',
      '  5:15    SECURITY_WARNING  policy `p.yaml`: statement 1: allows `iam:PassRole` on every role (`Resource` `*`) [PASS_ROLE_WITH_STAR]',
      '          help: name the roles that may be passed (`arn:aws:iam::ACCOUNT:role/NAME`), and condition on `iam:PassedToService`',
      '',
      '1 finding (1 security warning) in 1 policy',
      '',
    ].join('\n'),
  },
  {
    name: '--fail-on security-warning fails on a security warning',
    files: { 'p.yaml': passRole },
    args: ['check', 'p.yaml', '--fail-on', 'security-warning'],
    code: 1,
  },
  {
    name: '--fail-on warning fails on a security warning too (it is more severe)',
    files: { 'p.yaml': passRole },
    args: ['check', 'p.yaml', '--fail-on', 'warning'],
    code: 1,
  },
  {
    name: 'an ERROR finding fails by default',
    files: { 'e.json': badEffect },
    args: ['check', 'e.json'],
    code: 1,
    stdout: /1 finding \(1 error\) in 0 policies\n$/,
  },
  { name: 'a WARNING passes by default', files: { 'w.json': unknownAction }, args: ['check', 'w.json'], code: 0, stdout: /\(1 warning\)/ },
  {
    name: '--strict makes a WARNING an ERROR',
    files: { 'w.json': unknownAction },
    args: ['check', 'w.json', '--strict'],
    code: 1,
    stdout: /ERROR .*\[UNKNOWN_ACTION\]/,
  },
  {
    name: 'checks the policies of scenario files, on the resource they are attached to, by default in cases/',
    files: { 'cases/s.yaml': scenario },
    args: ['check', '--fail-on', 'security-warning'],
    code: 1,
    stdout:
      /^cases\/s\.yaml\n {2}6:9 .*lets anonymous callers call `secretsmanager:GetSecretValue` on `arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf` \[PUBLIC_ACCESS\]/,
  },
  {
    name: 'checks every policy a Terraform plan sets, each at its line and column in the plan, with the kind its resource gives it',
    files: { 'plan.json': plan },
    args: ['check', 'plan.json', '--fail-on', 'security-warning'],
    code: 1,
    stdout: new RegExp(
      [
        '^plan\\.json',
        ' {2}12:130 +SECURITY_WARNING {2}policy `aws_iam_policy\\.deploy`: statement 1: allows `iam:PassRole` on every role .*\\[PASS_ROLE_WITH_STAR\\]',
        '.*',
        ' {2}21:67 +SECURITY_WARNING {2}policy `aws_s3_bucket_policy\\.site`: statement 1: lets anonymous callers call `s3:GetObject` on `arn:aws:s3:::site/x` \\[PUBLIC_ACCESS\\]',
        '.*',
        '',
        '2 findings \\(2 security warnings\\) in 3 policies',
        '$',
      ].join('\\n'),
    ),
  },
  {
    name: 'no findings: says so and exits 0',
    files: {
      'ok.json':
        '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*" }] }\n',
    },
    args: ['check', 'ok.json'],
    code: 0,
    stdout: 'no findings in 1 policy\n',
  },
  {
    name: 'a path that does not exist is unusable input (exit 2)',
    files: {},
    args: ['check', 'nope.json'],
    code: 2,
    stdout: '',
    stderr: /^nope\.json: error: no such file or folder `nope\.json` \[READ_ERROR\]/,
  },
  {
    name: 'a scenario with a YAML error is unusable input (exit 2, FILE:LINE:COL)',
    files: { 's.yaml': 'name: x\nexpect: [\n' },
    args: ['check', 's.yaml'],
    code: 2,
    stdout: '',
    stderr: /^s\.yaml:3:1: error: .*\[YAML_SYNTAX\]/,
  },
  {
    name: 'a report over an input is refused (exit 2)',
    files: { 'p.yaml': passRole },
    args: ['check', 'p.yaml', '--json', 'p.yaml'],
    code: 2,
    stdout: '',
    stderr: /`--json p\.yaml` would overwrite a file this run reads \[REPORT_TARGET\]/,
  },
  {
    name: 'two reports on one file are refused (exit 2)',
    files: { 'p.yaml': passRole },
    args: ['check', 'p.yaml', '--json', 'r', '--sarif', 'r'],
    code: 2,
    stdout: '',
    stderr: /is also the file of `--json r`: one report would replace the other \[REPORT_TARGET\]/,
  },
  {
    name: 'a report never replaces a file that is not such a report (a policy the run did not read)',
    files: { 'p.yaml': passRole, 'other.json': '{"Version": "2012-10-17", "Statement": []}\n' },
    args: ['check', 'p.yaml', '--sarif', 'other.json'],
    code: 2,
    stdout: '',
    stderr: /`--sarif other\.json` would replace `other\.json`, which is not a SARIF report \[REPORT_TARGET\]/,
  },
  {
    name: 'an earlier SARIF log is replaced',
    files: { 'p.yaml': passRole, 'old.sarif': '{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n  "runs": []\n}\n' },
    args: ['check', 'p.yaml', '--sarif', 'old.sarif', '--fail-on', 'suggestion'],
    code: 1,
    stdout: /PASS_ROLE_WITH_STAR/,
  },
  {
    name: 'an unknown --fail-on is a usage error (exit 2)',
    files: { 'p.yaml': passRole },
    args: ['check', 'p.yaml', '--fail-on', 'info'],
    code: 2,
    stdout: '',
    stderr: /--fail-on.*info.*is invalid/,
  },
];

describe('iamspec check: the command', () => {
  let root: string;
  before(() => (root = mkdtempSync(join(tmpdir(), 'iamspec-check-command-'))));
  after(() => rmSync(root, { recursive: true, force: true }));

  cases.forEach((c, i) => {
    it(c.name, async () => {
      const cwd = join(root, String(i));
      mkdirSync(cwd);
      for (const [path, text] of Object.entries(c.files)) {
        mkdirSync(dirname(join(cwd, path)), { recursive: true });
        writeFileSync(join(cwd, path), text);
      }
      let stdout = '';
      let stderr = '';
      const code = await main(c.args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd });
      expect(code, stdout + stderr).to.equal(c.code);
      if (typeof c.stdout === 'string') expect(stdout).to.equal(c.stdout);
      else if (c.stdout) expect(stdout).to.match(c.stdout);
      if (c.stderr) expect(stderr).to.match(c.stderr);
      else expect(stderr).to.equal('');
    });
  });

  it('writes the JSON and SARIF reports, and leaves no report when the input is unusable', async () => {
    const cwd = join(root, 'reports');
    mkdirSync(cwd);
    writeFileSync(join(cwd, 'p.yaml'), passRole);
    const io = { stdout: () => undefined, stderr: () => undefined, cwd };
    expect(await main(['check', 'p.yaml', '--json', 'out/f.json', '--sarif', 'out/f.sarif'], io)).to.equal(0);
    const json = JSON.parse(readFileSync(join(cwd, 'out/f.json'), 'utf8')) as {
      version: number;
      policies: number;
      counts: Record<string, number>;
    };
    expect({ version: json.version, policies: json.policies, counts: json.counts }).to.deep.equal({
      version: 1,
      policies: 1,
      counts: { ERROR: 0, SECURITY_WARNING: 1, WARNING: 0, SUGGESTION: 0 },
    });
    const sarif = JSON.parse(readFileSync(join(cwd, 'out/f.sarif'), 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
    expect(sarif.runs[0].results.map((r) => r.ruleId)).to.deep.equal(['PASS_ROLE_WITH_STAR']);
    expect(await main(['check', 'missing.yaml', '--json', 'none.json'], io)).to.equal(2);
    expect(existsSync(join(cwd, 'none.json'))).to.equal(false);
  });
});

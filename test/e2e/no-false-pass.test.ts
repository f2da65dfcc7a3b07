/**
 * Issue #11, "no false pass", through the BUILT command: one scenario per class of false pass,
 * run as a user runs it (the in-process table is runner/testdata/no-false-pass.yaml).
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { ensureBuilt, expectNoStack, makeTemp, removeTemp, runCli, writeFiles } from '../hostile/support';

interface Row {
  name: string;
  scenario: string;
  args?: string[];
  /** Paths given to `iamspec test`. Default: `[scenario.yaml]`. */
  paths?: string[];
  exit: number;
  /** Text stderr must contain. */
  stderr?: string[];
  /** Text stdout must contain. */
  stdout?: string[];
}

const role = (name: string, account = '111122223333'): string => `  ${name}: { arn: "arn:aws:iam::${account}:role/${name}" }`;

const rows: Row[] = [
  {
    name: 'item 9: a run whose every case is skipped is NO_CASES (exit 2)',
    scenario: [
      'principals:',
      role('app'),
      'expect:',
      '  - { skip: true, principal: app, implicitDeny: [secretsmanager:ListSecrets] }',
    ].join('\n'),
    exit: 2,
    stderr: ['scenario.yaml: error: no test case ran [NO_CASES]\n  help: every test case selected is skipped'],
  },
  {
    name: 'item 1: two expectations with one name both run, the second named with its number',
    scenario: [
      'principals:',
      role('app'),
      'expect:',
      '  - { name: x, principal: app, implicitDeny: [secretsmanager:ListSecrets] }',
      '  - { name: x, principal: app, allow: [secretsmanager:ListSecrets], context: { aws:SourceIp: 10.0.0.1 } }',
    ].join('\n'),
    exit: 1,
    stdout: [
      '✓ x › app › secretsmanager:ListSecrets on *\n',
      '✗ 1) x › app › secretsmanager:ListSecrets on * (expect #2)\n',
      '1 passed, 1 failed',
    ],
  },
  {
    name: 'item 7: session policies on an IAM user are refused (exit 2), not ignored',
    scenario: [
      'policies:',
      '  deny-all: { Version: "2012-10-17", Statement: [{ Effect: Deny, Action: "*", Resource: "*" }] }',
      'principals:',
      '  mary: { arn: "arn:aws:iam::111122223333:user/mary", sessionPolicies: [deny-all] }',
      'expect:',
      '  - { principal: mary, implicitDeny: [secretsmanager:ListSecrets] }',
    ].join('\n'),
    exit: 2,
    stderr: ['scenario.yaml:4:72: error: principal `mary`: `sessionPolicies` cannot apply to an IAM user [ATTRIBUTE_NOT_APPLICABLE]'],
  },
  {
    name: "item 7: the root user's AssumeRoot task policy denies what it does not scope",
    scenario: [
      'principals:',
      '  audit: { arn: "arn:aws:iam::111122223333:root", sessionPolicies: [arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials] }',
      'resources:',
      '  root-user: { arn: "arn:aws:iam::111122223333:root" }',
      'expect:',
      '  - { principal: audit, resource: root-user, allow: [iam:ListAccessKeys, iam:DeleteAccessKey] }',
    ].join('\n'),
    exit: 1,
    stdout: [
      '✓ expect #1 › audit › iam:ListAccessKeys on root-user\n',
      '✗ 1) expect #1 › audit › iam:DeleteAccessKey on root-user\n',
      'expected allow, got explicitDeny',
    ],
  },
  {
    name: 'item 2: a resource written as its ARN is the declared resource, with its policy',
    scenario: [
      'policies:',
      '  deny-mary: { Version: "2012-10-17", Statement: [{ Effect: Deny, Principal: { AWS: "arn:aws:iam::111122223333:user/mary" }, Action: "*", Resource: "*" }] }',
      '  all: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "*", Resource: "*" }] }',
      'principals:',
      '  mary: { arn: "arn:aws:iam::111122223333:user/mary", policies: [all] }',
      'resources:',
      '  db: { arn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf", policy: deny-mary }',
      'expect:',
      '  - { name: by name, principal: mary, resource: db, explicitDeny: [secretsmanager:GetSecretValue] }',
      '  - { name: by arn, principal: mary, resource: "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf", allow: [secretsmanager:GetSecretValue] }',
    ].join('\n'),
    exit: 1,
    stdout: [
      '✓ by name › mary › secretsmanager:GetSecretValue on db\n',
      '✗ 1) by arn › mary › secretsmanager:GetSecretValue on db\n',
      'expected allow, got explicitDeny',
    ],
  },
  {
    name: 'item 3: a bucket without a stated owner, read across accounts, is refused (exit 2)',
    scenario: [
      'principals:',
      role('owner'),
      role('partner', '444455556666'),
      'resources:',
      '  bucket: { arn: "arn:aws:s3:::data" }',
      'expect:',
      '  - { principal: partner, resource: bucket, implicitDeny: [s3:ListBucket] }',
    ].join('\n'),
    exit: 2,
    stderr: [
      'scenario.yaml:5:18: error: resource `bucket`: its ARN names no account, and the file names several (`111122223333`, `444455556666`) [RESOURCE_OWNER_UNKNOWN]',
    ],
  },
  {
    name: 'item 8: `s3:*Object*` without a resource says what it left out, and --strict refuses it',
    scenario: ['principals:', role('app'), 'expect:', '  - { principal: app, implicitDeny: ["s3:*Object*"] }'].join('\n'),
    args: ['--strict'],
    exit: 2,
    stderr: [
      'scenario.yaml:4:38: error: `s3:*Object*` matches 50 actions; the 49 that act on a resource are left out, as the expectation has no `resource`',
      '[ACTIONS_LEFT_OUT]\n  help: give the expectation a `resource`',
    ],
  },
  {
    name: 'a CIDR block as the request context value of an IP address key is refused (exit 2), not compared as a block',
    scenario: [
      'principals:',
      '  app:',
      '    arn: "arn:aws:iam::111122223333:role/app"',
      '    policies: [{ Version: "2012-10-17", Statement: [{ Effect: Allow, Action: s3:ListBucket, Resource: "*", Condition: { IpAddress: { aws:SourceIp: 10.0.0.0/8 } } }] }]',
      'expect:',
      '  - { principal: app, context: { aws:SourceIp: "10.1.2.3/32" }, implicitDeny: [s3:ListBucket] }',
    ].join('\n'),
    args: ['--strict'],
    exit: 2,
    stderr: [
      "scenario.yaml:6:48: error: context key `aws:SourceIp`: `10.1.2.3/32` is not a valid `IPAddress` value [BAD_CONDITION_VALUE]\n  help: a request comes from one IP address, not a CIDR block: write the caller's address, e.g. `10.1.2.3`",
    ],
  },
  {
    name: "a secret's kmsKeyId given as an alias is refused for an allow on its value (exit 2), with the key ARN to give",
    scenario: [
      'principals:',
      '  app:',
      '    arn: "arn:aws:iam::111122223333:role/app"',
      '    policies: [{ Version: "2012-10-17", Statement: [{ Effect: Allow, Action: ["secretsmanager:GetSecretValue", "kms:Decrypt"], Resource: "*" }] }]',
      'resources:',
      '  db: { arn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf", kmsKeyId: alias/app-key }',
      'expect:',
      '  - { principal: app, resource: db, allow: [secretsmanager:GetSecretValue] }',
    ].join('\n'),
    exit: 2,
    stderr: [
      'on the customer managed key that the alias `alias/app-key` points to, which `resources` cannot declare [UNDECLARED_KEY]\n  help: iamspec cannot resolve a KMS alias offline: declare the key the alias points to under `resources` by its key ARN (`arn: arn:aws:kms:REGION:ACCOUNT:key/<key id>`)',
    ],
  },
  {
    name: 'a policy Resource naming a secret without its suffix is a warning, an error under --strict, with `db-*`',
    scenario: [
      'principals:',
      '  app:',
      '    arn: "arn:aws:iam::111122223333:role/app"',
      '    policies: [{ Version: "2012-10-17", Statement: [{ Effect: Deny, Action: "secretsmanager:*", Resource: "arn:aws:secretsmanager:us-east-1:111122223333:secret:db" }] }]',
      'expect:',
      '  - { principal: app, resource: "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf", implicitDeny: [secretsmanager:GetSecretValue] }',
    ].join('\n'),
    args: ['--strict'],
    exit: 2,
    stderr: [
      'scenario.yaml:4:107: error: policy `app policy 1`: statement 1: `arn:aws:secretsmanager:us-east-1:111122223333:secret:db` in `Resource` can never match a secret',
      '[UNMATCHABLE_ARN]\n  help: did you mean `arn:aws:secretsmanager:us-east-1:111122223333:secret:db-*`?',
    ],
  },
  {
    name: 'an empty path argument (an unset CI variable) is an input error (exit 2), not the whole working directory',
    scenario: ['principals:', role('app'), 'expect:', '  - { principal: app, implicitDeny: [secretsmanager:ListSecrets] }'].join('\n'),
    paths: [''],
    exit: 2,
    stderr: ["'': error: a path argument is empty [READ_ERROR]\n  help: name a scenario file or folder"],
  },
];

describe('iamspec test never passes what it did not evaluate (issue #11, built CLI)', function () {
  this.timeout(60_000);
  let root: string;
  before(function () {
    this.timeout(240_000);
    ensureBuilt();
    root = makeTemp('no-false-pass');
  });
  after(() => removeTemp(root));

  rows.forEach((row, i) => {
    it(row.name, () => {
      const dir = join(root, String(i));
      writeFiles(dir, { 'scenario.yaml': `${row.scenario}\n` });
      const run = runCli(['test', ...(row.paths ?? ['scenario.yaml']), ...(row.args ?? [])], dir);
      const output = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
      expectNoStack(run);
      for (const text of row.stderr ?? []) expect(run.stderr, output).to.include(text);
      for (const text of row.stdout ?? []) expect(run.stdout, output).to.include(text);
      expect(run.status, output).to.equal(row.exit);
    });
  });
});

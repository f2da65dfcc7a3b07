import { expect } from 'chai';
import type { Span } from '../diagnostics';
import { checkFederatedFrom, checkRoleArn } from './session-links';
import { checkKeyManager } from './values';

const span: Span = { file: 's.yaml', start: 1, end: 2 };
const session = 'arn:aws:sts::111122223333:assumed-role/app/s1';
const federated = 'arn:aws:sts::111122223333:federated-user/mary';

describe('checkRoleArn', () => {
  const table: { name: string; arn?: string; roleArn: string; want?: [string, string] }[] = [
    { name: 'accepts the role with a path', arn: session, roleArn: 'arn:aws:iam::111122223333:role/team/app' },
    { name: 'accepts the role with a deep path', arn: session, roleArn: 'arn:aws:iam::111122223333:role/a/b/c/app' },
    { name: 'accepts the role without a path', arn: session, roleArn: 'arn:aws:iam::111122223333:role/app' },
    {
      name: 'refuses another role name',
      arn: session,
      roleArn: 'arn:aws:iam::111122223333:role/team/web',
      want: [
        'SCHEMA',
        "principal `p`: `roleArn` must name the session's role `app` in account `111122223333`, found `arn:aws:iam::111122223333:role/team/web`",
      ],
    },
    {
      name: 'refuses a role name that differs in case',
      arn: session,
      roleArn: 'arn:aws:iam::111122223333:role/team/App',
      want: [
        'SCHEMA',
        "principal `p`: `roleArn` must name the session's role `app` in account `111122223333`, found `arn:aws:iam::111122223333:role/team/App`",
      ],
    },
    {
      name: 'refuses another account',
      arn: session,
      roleArn: 'arn:aws:iam::444455556666:role/team/app',
      want: [
        'SCHEMA',
        "principal `p`: `roleArn` must name the session's role `app` in account `111122223333`, found `arn:aws:iam::444455556666:role/team/app`",
      ],
    },
    {
      name: 'refuses another partition',
      arn: session,
      roleArn: 'arn:aws-cn:iam::111122223333:role/team/app',
      want: [
        'SCHEMA',
        "principal `p`: `roleArn` must name the session's role `app` in account `111122223333`, found `arn:aws-cn:iam::111122223333:role/team/app`",
      ],
    },
    {
      name: 'refuses a user ARN',
      arn: session,
      roleArn: 'arn:aws:iam::111122223333:user/app',
      want: ['BAD_ARN', 'principal `p`: `arn:aws:iam::111122223333:user/app` is not a role ARN'],
    },
    {
      name: 'refuses the session ARN itself',
      arn: session,
      roleArn: session,
      want: ['BAD_ARN', `principal \`p\`: \`${session}\` is not a role ARN`],
    },
    {
      name: 'refuses a role ARN ending in a slash',
      arn: session,
      roleArn: 'arn:aws:iam::111122223333:role/team/',
      want: ['BAD_ARN', 'principal `p`: `arn:aws:iam::111122223333:role/team/` is not a role ARN'],
    },
    {
      name: 'is only for a role session: an IAM role',
      arn: 'arn:aws:iam::111122223333:role/app',
      roleArn: 'arn:aws:iam::111122223333:role/app',
      want: ['SCHEMA', 'principal `p`: `roleArn` is only for a role session'],
    },
    {
      name: 'is only for a role session: a service',
      roleArn: 'arn:aws:iam::111122223333:role/app',
      want: ['SCHEMA', 'principal `p`: `roleArn` is only for a role session'],
    },
  ];
  for (const row of table) {
    it(row.name, () => {
      const d = checkRoleArn('p', row.arn, row.roleArn, span);
      expect(d && [d.code, d.message]).to.deep.equal(row.want ?? undefined);
      if (d) {
        expect(d.span).to.deep.equal(span);
        expect(d.help).to.be.a('string');
      }
    });
  }
  it('suggests the role ARN shape with the session role name', () => {
    expect(checkRoleArn('p', session, 'arn:aws:iam::111122223333:role/x', span)?.help).to.equal(
      'expected `arn:aws:iam::111122223333:role/PATH/app`',
    );
  });
});

describe('checkFederatedFrom', () => {
  const table: { name: string; arn?: string; from: string; want?: [string, string] }[] = [
    { name: 'accepts an IAM user of the same account', arn: federated, from: 'arn:aws:iam::111122223333:user/Mary' },
    { name: 'accepts an IAM user with a path', arn: federated, from: 'arn:aws:iam::111122223333:user/staff/Mary' },
    {
      name: 'refuses a user of another account',
      arn: federated,
      from: 'arn:aws:iam::444455556666:user/Mary',
      want: [
        'SCHEMA',
        "principal `p`: `federatedFrom` must be an IAM user in the session's account `111122223333`, found `arn:aws:iam::444455556666:user/Mary`",
      ],
    },
    {
      name: 'refuses a role',
      arn: federated,
      from: 'arn:aws:iam::111122223333:role/Mary',
      want: ['BAD_ARN', 'principal `p`: `arn:aws:iam::111122223333:role/Mary` is not an IAM user ARN'],
    },
    {
      name: 'is only for a federated user session',
      arn: session,
      from: 'arn:aws:iam::111122223333:user/Mary',
      want: ['SCHEMA', 'principal `p`: `federatedFrom` is only for a federated user session'],
    },
  ];
  for (const row of table) {
    it(row.name, () => {
      const d = checkFederatedFrom('p', row.arn, row.from, span);
      expect(d && [d.code, d.message]).to.deep.equal(row.want ?? undefined);
      if (d) expect(d.help).to.be.a('string');
    });
  }
});

describe('checkKeyManager', () => {
  const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const table: { name: string; value: string; arn: string; want?: string }[] = [
    { name: 'accepts AWS on a key', value: 'AWS', arn: key },
    { name: 'accepts CUSTOMER on a key', value: 'CUSTOMER', arn: key },
    { name: 'refuses another value', value: 'aws', arn: key, want: '`keyManager` must be `AWS` or `CUSTOMER`, found `aws`' },
    {
      name: 'refuses a key alias',
      value: 'AWS',
      arn: 'arn:aws:kms:us-east-1:111122223333:alias/aws/secretsmanager',
      want: '`keyManager` is only for a KMS key, not `arn:aws:kms:us-east-1:111122223333:alias/aws/secretsmanager`',
    },
    {
      name: 'refuses a secret',
      value: 'AWS',
      arn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db',
      want: '`keyManager` is only for a KMS key, not `arn:aws:secretsmanager:us-east-1:111122223333:secret:db`',
    },
  ];
  for (const row of table) {
    it(row.name, () => {
      const d = checkKeyManager(row.value, row.arn, span);
      expect(d?.message).to.equal(row.want);
      if (d) expect([d.code, typeof d.help]).to.deep.equal(['SCHEMA', 'string']);
    });
  }
});

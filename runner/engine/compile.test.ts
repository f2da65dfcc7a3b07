import { expect } from 'chai';
import { compilePolicy } from './compile';
import { toPolicy } from './testdata/fixtures';

describe('compilePolicy', () => {
  const policy = toPolicy(
    {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Sm', Effect: 'Allow', Action: ['secretsmanager:Get*', 'SecretsManager:Describe*'], Resource: '*' },
        { Sid: 'S3', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
        { Sid: 'Any', Effect: 'Deny', Action: '*', Resource: '*' },
        { Sid: 'WildService', Effect: 'Allow', Action: 'secrets*:List*', Resource: '*' },
        { Sid: 'Not', Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
      ],
    },
    'p',
    'identity',
  );

  it('compiles a policy once and reuses it', () => {
    expect(compilePolicy(policy)).to.equal(compilePolicy(policy));
  });

  it('indexes statements by the services their actions can match', () => {
    const sids = (service: string): string[] => compilePolicy(policy).forService(service).map((s) => s.source.sid!.value);
    expect(sids('secretsmanager')).to.deep.equal(['Sm', 'Any', 'WildService', 'Not']);
    expect(sids('s3')).to.deep.equal(['S3', 'Any', 'WildService', 'Not']);
    expect(sids('kms')).to.deep.equal(['Any', 'WildService', 'Not']);
    expect(compilePolicy(policy).forService('kms')).to.equal(compilePolicy(policy).forService('kms'));
  });

  it('indexes statements by the actions they match', () => {
    const sids = (action: string): string[] => compilePolicy(policy).forAction(action, action.split(':')[0]).map((s) => s.source.sid!.value);
    expect(sids('secretsmanager:getsecretvalue')).to.deep.equal(['Sm', 'Any', 'Not']);
    expect(sids('secretsmanager:listsecrets')).to.deep.equal(['Any', 'WildService', 'Not']);
    expect(sids('iam:getuser')).to.deep.equal(['Any']);
  });
});

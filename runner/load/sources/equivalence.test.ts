/**
 * A policy taken from a Terraform plan or a CloudFormation template is the policy written in the scenario: the same catalog
 * warnings and grammar errors (code, severity, message) and the same decision for every case.
 * Each row loads one document both ways and compares.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { outcome, useTempFolder, writeProject } from '../../../test/support/scenario-project';

/** A one-resource plan in the shape of `terraform show -json`, holding `document` as `address`. */
function planWith(type: string, attribute: string, document: object): string {
  const values = { name: 'p', [attribute]: JSON.stringify(document) };
  return JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: { root_module: { resources: [{ address: `${type}.p`, mode: 'managed', type, name: 'p', values }] } },
    resource_changes: [{ address: `${type}.p`, change: { actions: ['create'], after: values, after_unknown: { arn: true } } }],
  });
}

/** A one-resource CloudFormation template in YAML holding `document` as logical id `P`. */
function templateWith(type: string, property: string, extra: object, document: object): string {
  return stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: { P: { Type: type, Properties: { ...extra, [property]: document } } },
  });
}

/** The CloudFormation resource type, property and other properties for each Terraform type of the rows. */
const templateTypes: Readonly<Record<string, { type: string; property: string; extra: object }>> = {
  aws_iam_policy: { type: 'AWS::IAM::ManagedPolicy', property: 'PolicyDocument', extra: {} },
  aws_organizations_policy: {
    type: 'AWS::Organizations::Policy',
    property: 'Content',
    extra: { Name: 'p', Type: 'SERVICE_CONTROL_POLICY' },
  },
  aws_s3_bucket_policy: { type: 'AWS::S3::BucketPolicy', property: 'PolicyDocument', extra: { Bucket: 'data' } },
};

const rows: { name: string; type: string; attribute: string; as: 'identity' | 'scp' | 'resource'; document: object }[] = [
  {
    name: 'an identity-based policy with a misspelt action (a catalog warning) and a condition',
    type: 'aws_iam_policy',
    attribute: 'policy',
    as: 'identity',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjekt'], Resource: 'arn:aws:s3:::data/*' },
        { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ],
    },
  },
  {
    name: 'an SCP region lock',
    type: 'aws_organizations_policy',
    attribute: 'content',
    as: 'scp',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } } },
      ],
    },
  },
  {
    name: 'a bucket policy',
    type: 'aws_s3_bucket_policy',
    attribute: 'policy',
    as: 'resource',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:role/app' },
          Action: ['s3:GetObject', 's3:PutObject'],
          Resource: 'arn:aws:s3:::data/*',
        },
      ],
    },
  },
];

function scenario(policy: string, as: 'identity' | 'scp' | 'resource'): string {
  // Under an SCP the role needs an identity-based Allow of its own; a same-account bucket policy naming the role grants alone.
  const own =
    as === 'identity'
      ? '[p]'
      : as === 'scp'
        ? '[{ Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:*", Resource: "*" }] }]'
        : '[]';
  const app = `{ arn: "arn:aws:iam::111122223333:role/app", policies: ${own} }`;
  const lines = [
    'policies:',
    `  p: ${policy}`,
    'principals:',
    `  app: ${app}`,
    'resources:',
    `  obj: { arn: "arn:aws:s3:::data/report.csv", account: "111122223333"${as === 'resource' ? ', policy: p' : ''} }`,
  ];
  if (as === 'scp') lines.push('organization: { accounts: ["111122223333"], scps: [[p]] }');
  lines.push(
    'context: { aws:SecureTransport: true, aws:RequestedRegion: us-east-1 }',
    'expect:',
    '  - { principal: app, resource: obj, deny: [s3:GetObject, s3:PutObject, s3:DeleteObject] }',
    '  - { principal: app, resource: obj, deny: [s3:GetObject], context: { aws:SecureTransport: false } }',
    '  - { principal: app, resource: obj, deny: [s3:GetObject], context: { aws:RequestedRegion: eu-west-1 } }',
  );
  return lines.join('\n') + '\n';
}

describe('a policy from a Terraform plan is the policy written inline', () => {
  const temp = useTempFolder('equivalence');

  rows.forEach((row, i) => {
    it(row.name, () => {
      const inline = writeProject(join(temp.root, `inline-${i}`), { 'scenario.yaml': scenario(JSON.stringify(row.document), row.as) });
      const fromPlan = writeProject(join(temp.root, `plan-${i}`), {
        'plan.json': planWith(row.type, row.attribute, row.document),
        'scenario.yaml': scenario(`{ terraform: plan.json, address: ${row.type}.p }`, row.as),
      });
      const a = outcome(inline);
      const b = outcome(fromPlan);
      expect(b.decisions).to.have.length.greaterThan(0);
      expect(b).to.deep.equal(a);
      // Each row allows something and denies something, so a policy lost on the way would show.
      expect(
        a.decisions.some((d) => d.endsWith(': allow')),
        a.decisions.join('\n'),
      ).to.equal(true);
      expect(
        a.decisions.some((d) => !d.endsWith(': allow')),
        a.decisions.join('\n'),
      ).to.equal(true);
    });
  });

  it('sees the misspelt action as a warning both ways (the comparison can fail)', () => {
    const a = outcome(join(temp.root, 'inline-0'));
    expect(a.diagnostics.some((d) => d.startsWith('warning UNKNOWN_ACTION'))).to.equal(true);
  });
});

describe('a policy from a CloudFormation template is the policy written inline', () => {
  const temp = useTempFolder('equivalence-cfn');

  rows.forEach((row, i) => {
    it(row.name, () => {
      const t = templateTypes[row.type];
      const inline = writeProject(join(temp.root, `inline-${i}`), { 'scenario.yaml': scenario(JSON.stringify(row.document), row.as) });
      const fromTemplate = writeProject(join(temp.root, `template-${i}`), {
        'stack.yaml': templateWith(t.type, t.property, t.extra, row.document),
        'scenario.yaml': scenario('{ cloudformation: stack.yaml, resource: P }', row.as),
      });
      const a = outcome(inline);
      const b = outcome(fromTemplate);
      expect(b.decisions).to.have.length.greaterThan(0);
      expect(b).to.deep.equal(a);
    });
  });

  it('sees the misspelt action as a warning both ways (the comparison can fail)', () => {
    const b = outcome(join(temp.root, 'template-0'));
    expect(b.diagnostics.some((d) => d.startsWith('warning UNKNOWN_ACTION'))).to.equal(true);
  });
});

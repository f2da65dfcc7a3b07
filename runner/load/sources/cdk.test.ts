/**
 * A real producer: stacks synthesized in-process by aws-cdk-lib (what `cdk synth` writes to
 * `cdk.out/STACK.template.json`, with CDK's `Fn::Join` / `Fn::GetAtt` / `Ref` for every ARN) are
 * loaded, and decide exactly as the same grants written inline: the policies CDK documents for
 * `secret.grantRead`, `bucket.grantRead`, `key.grantDecrypt` and `enforceSSL`. The stack is
 * synthesized once for the file (loading aws-cdk-lib dominates; see the report of the change).
 */
import { expect } from 'chai';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { outcome, useTempFolder, writeProject, type Outcome } from '../../../test/support/scenario-project';

const account = '111122223333';
const secretArn = `arn:aws:secretsmanager:us-east-1:${account}:secret:app/db-AbCdEf`;
const keyArn = `arn:aws:kms:us-east-1:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** Logical ids CDK chose, read from the constructs (never hard-coded hashes). */
interface Ids {
  role: string;
  secret: string;
  bucket: string;
  bucketPolicy: string;
  key: string;
}

/** Synthesizes the stack into `outdir`; returns the logical ids. */
function synthesize(outdir: string): Ids {
  /* eslint-disable @typescript-eslint/no-require-imports -- aws-cdk-lib is loaded in the hook that needs it, not when mocha loads the file */
  const cdk = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
  const iam = require('aws-cdk-lib/aws-iam') as typeof import('aws-cdk-lib/aws-iam');
  const s3 = require('aws-cdk-lib/aws-s3') as typeof import('aws-cdk-lib/aws-s3');
  const kms = require('aws-cdk-lib/aws-kms') as typeof import('aws-cdk-lib/aws-kms');
  const sm = require('aws-cdk-lib/aws-secretsmanager') as typeof import('aws-cdk-lib/aws-secretsmanager');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const app = new cdk.App({ outdir });
  const stack = new cdk.Stack(app, 'AppStack', { env: { account, region: 'us-east-1' } });
  const role = new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), roleName: 'app' });
  const secret = new sm.Secret(stack, 'Secret', { secretName: 'app/db' });
  secret.grantRead(role);
  const bucket = new s3.Bucket(stack, 'Data', { bucketName: 'example-cdk-data', enforceSSL: true });
  bucket.grantRead(role);
  const key = new kms.Key(stack, 'Key');
  key.grantDecrypt(role);
  app.synth();
  const id = (c: import('constructs').IConstruct): string => stack.getLogicalId(c.node.defaultChild as import('aws-cdk-lib').CfnElement);
  return {
    role: id(role),
    secret: id(secret),
    bucket: id(bucket),
    bucketPolicy: id(bucket.policy!),
    key: id(key),
  };
}

/** The expectations both scenarios share; their decisions are compared, not asserted. */
const expectations = `context: { aws:SecureTransport: true }
expect:
  - { principal: app, resource: secret, deny: [secretsmanager:GetSecretValue, secretsmanager:DescribeSecret, secretsmanager:PutSecretValue] }
  - { principal: app, resource: object, deny: [s3:GetObject, s3:GetObjectTagging, s3:PutObject, s3:DeleteObject] }
  - { principal: app, resource: object, deny: [s3:GetObject], context: { aws:SecureTransport: false } }
  - { principal: app, resource: bucket, deny: [s3:ListBucket, s3:GetBucketPolicy, s3:PutBucketPolicy] }
  - { principal: app, resource: key, deny: [kms:Decrypt, kms:Encrypt, kms:ScheduleKeyDeletion] }
  - { principal: [lambda, ec2], resource: app-role, deny: [sts:AssumeRole] }
`;

function fromTemplate(ids: Ids): string {
  const t = 'cloudformation: cdk.out/AppStack.template.json';
  return `policies:
  bucket-policy: { ${t}, resource: ${ids.bucketPolicy} }
principals:
  app:
    ${t}
    resource: ${ids.role}
    parameters: { AWS::AccountId: "${account}", ${ids.secret}: "${secretArn}", ${ids.key}.Arn: "${keyArn}" }
  lambda: { service: lambda.amazonaws.com }
  ec2: { service: ec2.amazonaws.com }
resources:
  secret: { arn: "${secretArn}" }
  bucket: { ${t}, resource: ${ids.bucket}, account: "${account}" }
  object: { arn: "arn:aws:s3:::example-cdk-data/report.csv", account: "${account}", policy: bucket-policy }
  key: { ${t}, resource: ${ids.key}, parameters: { ${ids.key}.Arn: "${keyArn}" } }
  app-role: { ${t}, resource: ${ids.role}, parameters: { AWS::AccountId: "${account}" } }
${expectations}`;
}

/** The same grants written inline, as CDK documents them (aws-cdk-lib's grantRead / grantDecrypt / enforceSSL). */
function inline(): string {
  const tls = `{ Effect: Deny, Principal: { AWS: "*" }, Action: "s3:*", Resource: ["arn:aws:s3:::example-cdk-data", "arn:aws:s3:::example-cdk-data/*"], Condition: { Bool: { aws:SecureTransport: "false" } } }`;
  return `policies:
  bucket-policy: { Version: "2012-10-17", Statement: [${tls}] }
  grants:
    Version: "2012-10-17"
    Statement:
      - { Effect: Allow, Action: [secretsmanager:GetSecretValue, secretsmanager:DescribeSecret], Resource: "${secretArn}" }
      - { Effect: Allow, Action: ["s3:GetObject*", "s3:GetBucket*", "s3:List*"], Resource: ["arn:aws:s3:::example-cdk-data", "arn:aws:s3:::example-cdk-data/*"] }
      - { Effect: Allow, Action: kms:Decrypt, Resource: "${keyArn}" }
principals:
  app: { arn: "arn:aws:iam::${account}:role/app", policies: [grants] }
  lambda: { service: lambda.amazonaws.com }
  ec2: { service: ec2.amazonaws.com }
resources:
  secret: { arn: "${secretArn}" }
  bucket: { arn: "arn:aws:s3:::example-cdk-data", account: "${account}", policy: bucket-policy }
  object: { arn: "arn:aws:s3:::example-cdk-data/report.csv", account: "${account}", policy: bucket-policy }
  key:
    arn: "${keyArn}"
    policy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::${account}:root" }, Action: "kms:*", Resource: "*" }] }
  app-role:
    arn: "arn:aws:iam::${account}:role/app"
    policy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
${expectations}`;
}

describe('templates synthesized by aws-cdk-lib', () => {
  const temp = useTempFolder('cdk');
  let ids: Ids;
  let cdkOut: string;
  before(function () {
    this.timeout(300_000); // loading aws-cdk-lib takes seconds, more on a loaded machine
    cdkOut = join(temp.root, 'template', 'cdk.out');
    mkdirSync(cdkOut, { recursive: true });
    ids = synthesize(cdkOut);
  });

  it('writes the template where cdk synth does, with Fn::Join and Fn::GetAtt for ARNs (the producer is real)', () => {
    const text = readFileSync(join(cdkOut, 'AppStack.template.json'), 'utf8');
    expect(text).to.include('"Fn::Join"').and.include('"Fn::GetAtt"');
    expect(text).to.include(`"${ids.bucketPolicy}"`);
  });

  it('loads the role, bucket, key and bucket policy and decides as the same grants written inline', () => {
    const template = writeProject(join(temp.root, 'template'), { 'scenario.yaml': fromTemplate(ids) });
    const a: Outcome = outcome(writeProject(join(temp.root, 'inline'), { 'scenario.yaml': inline() }));
    const b: Outcome = outcome(template);
    expect(b.diagnostics.filter((d) => d.startsWith('error'))).to.deep.equal([]);
    expect(b).to.deep.equal(a);
    // Both allow and deny appear, so a grant or a deny lost on the way would show.
    expect(a.decisions.filter((d) => d.endsWith(': allow')).length, a.decisions.join('\n')).to.be.greaterThan(4);
    expect(a.decisions.filter((d) => d.endsWith(': explicitDeny')).length, a.decisions.join('\n')).to.be.greaterThan(0);
    expect(a.decisions.filter((d) => d.endsWith(': implicitDeny')).length, a.decisions.join('\n')).to.be.greaterThan(0);
  });

  it('refuses the generated secret ARN when parameters do not give it, at the Ref in the template', () => {
    const template = writeProject(join(temp.root, 'template'), {
      'scenario.yaml': fromTemplate(ids).replace(`${ids.secret}: "${secretArn}", `, ''),
    });
    const b = outcome(template);
    const errors = b.diagnostics.filter((d) => d.startsWith('error'));
    expect(errors).to.have.length(1);
    expect(errors[0]).to.match(
      new RegExp(
        `^error UNKNOWN_VALUE \`cdk\\.out/AppStack\\.template\\.json\`: \`AppRoleDefaultPolicy\\w+\` \`PolicyDocument\`: \`Ref\` of \`${ids.secret}\` \\(an \`AWS::SecretsManager::Secret\`\\) is known only when the stack is deployed$`,
      ),
    );
  });
});

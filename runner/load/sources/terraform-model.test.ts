/**
 * What a principal or resource taken from a plan or state becomes: ARN, tags, the names of its
 * policies (inline, attached by reference, AWS managed, its groups'), boundary and resource policy.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempFolder, writeProject } from '../../../test/support/scenario-project';
import { buildScenario } from '../../model/build';
import type { Scenario } from '../../model/types';
import { lineCol } from '../../diagnostics';
import { loadScenario } from '../load-scenario';

const scenarioText = `
policies:
  invoke: { terraform: infra/plan.json, address: aws_lambda_permission.from_bucket }
  bucket: { terraform: infra/plan.json, address: 'module.data.aws_s3_bucket_policy.this[0]' }
principals:
  app: { terraform: infra/plan.json, address: aws_iam_role.app, account: "111122223333" }
  ops: { terraform: infra/plan.json, address: aws_iam_user.ops }
resources:
  app-role: { terraform: infra/plan.json, address: aws_iam_role.app, account: "111122223333" }
  data: { terraform: infra/plan.json, address: aws_s3_bucket.data, account: "111122223333" }
  ingest: { arn: "arn:aws:lambda:us-east-1:111122223333:function:ingest", policy: invoke }
expect:
  - { principal: app, resource: data, allow: [s3:ListBucket] }
`;

describe('principals and resources from a Terraform plan', () => {
  const temp = useTempFolder('tf-model');
  let scenario: Scenario;
  let sources: Map<string, string>;
  before(() => {
    const dir = writeProject(join(temp.root, 'plan'), {
      'infra/plan.json': { copy: join(__dirname, 'testdata/plan.json') },
      'scenario.yaml': scenarioText,
    });
    const loaded = loadScenario('scenario.yaml', 'scenario.yaml', { cwd: dir });
    expect(loaded.diagnostics).to.deep.equal([]);
    const built = buildScenario(loaded.value!);
    expect(built.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    scenario = built.value;
    sources = loaded.sources;
  });

  it('gives a role its ARN from account, path and name, and its tags (tags_all)', () => {
    const app = scenario.principals.get('app')!;
    expect(app.request.arn).to.equal('arn:aws:iam::111122223333:role/service/app');
    expect({ ...app.request.tags }).to.deep.equal({ team: 'data', env: 'prod' });
  });

  it('gives a role its inline policy, the policy attached by reference, the AWS managed one, and its boundary', () => {
    const app = scenario.principals.get('app')!;
    expect(app.policies.map((p) => p.name)).to.deep.equal([
      'aws_iam_role.app read-config',
      'aws_iam_policy.app_read',
      'arn:aws:iam::aws:policy/SecretsManagerReadWrite',
    ]);
    expect(app.boundary?.name).to.equal('aws_iam_policy.boundary');
    expect(app.policies.every((p) => p.kind === 'identity')).to.equal(true);
  });

  it('positions a policy from the plan at its string in the plan', () => {
    const inline = scenario.principals.get('app')!.policies[0];
    expect(inline.span.file).to.equal('infra/plan.json');
    const text = sources.get('infra/plan.json')!;
    const { line } = lineCol(text, inline.span.start);
    expect(text.split('\n')[line - 1]).to.match(/"policy": "\{/);
    expect(text.slice(inline.statements[0].sid!.span.start, inline.statements[0].sid!.span.end)).to.equal('\\"ReadConfig\\"');
  });

  it('gives a user its group policies and attached AWS managed policy; a state-known ARN needs no account', () => {
    const ops = scenario.principals.get('ops')!;
    expect(ops.request.arn).to.equal('arn:aws:iam::111122223333:user/ops');
    expect(ops.policies.map((p) => p.name)).to.deep.equal([
      'arn:aws:iam::aws:policy/SecretsManagerReadWrite',
      'aws_iam_group_policy.operators operate',
    ]);
  });

  it('gives a role as a resource its trust policy, and a bucket its bucket policy from a module', () => {
    const role = scenario.resources.get('app-role')!;
    expect(role.request.arn).to.equal('arn:aws:iam::111122223333:role/service/app');
    expect(role.policy?.name).to.equal('aws_iam_role.app assume_role_policy');
    expect(role.policy?.kind).to.equal('resource');
    const data = scenario.resources.get('data')!;
    expect(data.request.arn).to.equal('arn:aws:s3:::example-data');
    expect(data.policy?.name).to.equal('module.data.aws_s3_bucket_policy.this[0]');
  });

  it('turns a Lambda permission into the statement AddPermission writes', () => {
    const policy = scenario.resources.get('ingest')!.policy!;
    expect(policy.statements).to.have.length(1);
    const s = policy.statements[0];
    expect(s.sid?.value).to.equal('AllowS3Invoke');
    expect(s.effect).to.equal('Allow');
    expect(s.action?.map((a) => a.value)).to.deep.equal(['lambda:InvokeFunction']);
    expect(JSON.stringify(s.principal)).to.include('s3.amazonaws.com');
  });

  it('reads a state (`values` instead of `planned_values`) the same way', () => {
    const plan = JSON.parse(readFileSync(join(__dirname, 'testdata/plan.json'), 'utf8')) as Record<string, unknown>;
    const state = { format_version: '1.0', terraform_version: '1.9.8', values: plan.planned_values };
    const dir = writeProject(join(temp.root, 'state'), {
      'infra/plan.json': JSON.stringify(state),
      'scenario.yaml':
        'principals:\n  ops: { terraform: infra/plan.json, address: aws_iam_user.ops }\nexpect: [{ principal: ops, allow: [ec2:DescribeInstances] }]\n',
    });
    const loaded = loadScenario('scenario.yaml', 'scenario.yaml', { cwd: dir });
    expect(loaded.diagnostics).to.deep.equal([]);
    const built = buildScenario(loaded.value!);
    expect(built.value.principals.get('ops')!.policies.map((p) => p.name)).to.include('aws_iam_group_policy.operators operate');
  });
});

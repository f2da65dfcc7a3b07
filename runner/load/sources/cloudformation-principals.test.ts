/**
 * A principal gathered from a template (its own, its groups' and the attaching resources'
 * policies, its boundary, its tags) and a Lambda permission decide as the same written inline.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { outcome, useTempFolder, writeProject } from '../../../test/support/scenario-project';

const fn = 'arn:aws:lambda:us-east-1:111122223333:function:thumbnails';

const expectations = `expect:
  - { principal: dev, resource: object, deny: [s3:GetObject, s3:PutObject, s3:DeleteObject, s3:PutObjectAcl] }
  - { principal: dev, resource: queue, deny: [sqs:SendMessage, sqs:DeleteQueue] }
  - { principal: dev, resource: topic, deny: [sns:Publish] }
  - { principal: dev, resource: user, deny: [iam:CreateUser] }
  - { principal: dev, resource: object, deny: [s3:GetObject], context: { aws:PrincipalTag/team: other } }
  - { principal: s3, resource: function, deny: [lambda:InvokeFunction] }
  - { principal: s3, resource: function, deny: [lambda:InvokeFunction], context: { aws:SourceArn: "arn:aws:s3:::other" } }
context: { aws:SourceAccount: "111122223333", aws:SourceArn: "arn:aws:s3:::media" }
`;

const others = `  queue: { arn: "arn:aws:sqs:us-east-1:111122223333:jobs" }
  topic: { arn: "arn:aws:sns:us-east-1:111122223333:events" }
  user: { arn: "arn:aws:iam::111122223333:user/x" }`;

const fromTemplate = `policies:
  invoke: { cloudformation: stack.yaml, resource: Invoke }
  team-only: { Version: "2012-10-17", Statement: [{ Effect: Deny, Action: "*", Resource: "*", Condition: { StringNotEquals: { aws:PrincipalTag/team: media } } }] }
principals:
  dev:
    cloudformation: stack.yaml
    resource: Dev
    parameters: { AWS::AccountId: "111122223333" }
    policies: [team-only]
  s3: { service: s3.amazonaws.com }
resources:
  object: { arn: "arn:aws:s3:::media/cat.png", account: "111122223333" }
  function: { arn: "${fn}", policy: invoke }
${others}
${expectations}`;

const inline = `policies:
  team-only: { Version: "2012-10-17", Statement: [{ Effect: Deny, Action: "*", Resource: "*", Condition: { StringNotEquals: { aws:PrincipalTag/team: media } } }] }
  own: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: sqs:SendMessage, Resource: "*" }] }
  write: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: [s3:PutObject, s3:DeleteObject], Resource: "arn:aws:s3:::media/*" }] }
  topics: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: sns:Publish, Resource: "*" }] }
  boundary:
    Version: "2012-10-17"
    Statement:
      - { Effect: Allow, Action: [s3:*, sns:Publish], Resource: "*" }
      - { Effect: Deny, Action: s3:DeleteObject, Resource: "*" }
  invoke:
    Version: "2012-10-17"
    Statement:
      - Sid: Invoke
        Effect: Allow
        Principal: { Service: s3.amazonaws.com }
        Action: lambda:InvokeFunction
        Resource: "${fn}"
        Condition: { ArnLike: { AWS:SourceArn: "arn:aws:s3:::media" }, StringEquals: { AWS:SourceAccount: "111122223333" } }
principals:
  dev:
    arn: arn:aws:iam::111122223333:user/dev
    tags: { team: media }
    policies: [own, arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess, write, topics, team-only]
    boundary: boundary
  s3: { service: s3.amazonaws.com }
resources:
  object: { arn: "arn:aws:s3:::media/cat.png", account: "111122223333" }
  function: { arn: "${fn}", policy: invoke }
${others}
${expectations}`;

describe('a principal and a Lambda permission from a CloudFormation template', () => {
  const temp = useTempFolder('cfn-principals');

  it("gathers a user's own, group, attached and boundary policies and its tags, as written inline", () => {
    const template = writeProject(join(temp.root, 'template'), {
      'stack.yaml': { copy: join(__dirname, 'testdata/principals-stack.yaml') },
      'scenario.yaml': fromTemplate,
    });
    const a = outcome(writeProject(join(temp.root, 'inline'), { 'scenario.yaml': inline }));
    const b = outcome(template);
    expect(b.diagnostics.filter((d) => d.startsWith('error'))).to.deep.equal([]);
    expect(b.decisions).to.deep.equal(a.decisions);
    // Every source of a grant shows: the group's AWS managed policy (GetObject), the group attached by
    // UserToGroupAddition (PutObject), the boundary's Deny (DeleteObject), the attached policy (Publish), the
    // boundary leaving out the user's own sqs:SendMessage, and the Lambda permission with its SourceArn.
    expect(a.decisions.filter((d) => d.endsWith(': allow')).length, a.decisions.join('\n')).to.equal(4);
    expect(a.decisions.some((d) => d.includes('s3:DeleteObject') && d.endsWith(': explicitDeny'))).to.equal(true);
  });
});

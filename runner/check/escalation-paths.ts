/**
 * The known IAM privilege escalation paths, written for iamspec from public knowledge (Rhino
 * Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation",
 * https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/; AWS's
 * "Grant a user permissions to pass a role to an AWS service",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html).
 *
 * A path is a list of steps; the principal escalates when the engine allows EVERY step. A step's
 * resource is a kind the check fills in with an example in the principal's own account; a
 * PassRole step carries the service it passes the role to (`iam:PassedToService`).
 */

/** What a step acts on, in the principal's account. */
export type StepResource =
  /** A customer managed policy. */
  | 'policy'
  /** The principal itself: its IAM user, or the role of its session. */
  | 'self'
  /** Another IAM user. */
  | 'user'
  /** Another (more privileged) IAM role. */
  | 'role'
  /** An IAM group. */
  | 'group'
  /** The first resource type the catalog gives the action (an example ARN). */
  | 'catalog';

/** One request of a path. */
export interface EscalationStep {
  action: string;
  resource: StepResource;
  /** For `iam:PassRole`: the service the role is passed to. */
  passedToService?: string;
  /** The resource's policy is a role trust policy that names the principal (written by an earlier step). */
  trustsSelf?: boolean;
}

/** One escalation path. */
export interface EscalationPath {
  id: string;
  /** What the principal does with it, for the finding's message. */
  description: string;
  steps: readonly EscalationStep[];
}

const pass = (service: string): EscalationStep => ({ action: 'iam:PassRole', resource: 'role', passedToService: service });
const on = (action: string, resource: StepResource = 'catalog'): EscalationStep => ({ action, resource });

/** The paths, in the order findings name them. */
export const escalationPaths: readonly EscalationPath[] = [
  {
    id: 'create-policy-version',
    description: 'write a new default version of a customer managed policy',
    steps: [on('iam:CreatePolicyVersion', 'policy')],
  },
  {
    id: 'set-default-policy-version',
    description: 'make an older, broader version of a managed policy the default',
    steps: [on('iam:SetDefaultPolicyVersion', 'policy')],
  },
  {
    id: 'attach-user-policy',
    description: 'attach any managed policy (AdministratorAccess) to its own user',
    steps: [on('iam:AttachUserPolicy', 'self')],
  },
  { id: 'attach-role-policy', description: 'attach any managed policy to a role it uses', steps: [on('iam:AttachRolePolicy', 'self')] },
  { id: 'attach-group-policy', description: 'attach any managed policy to a group', steps: [on('iam:AttachGroupPolicy', 'group')] },
  { id: 'put-user-policy', description: 'write an inline policy on its own user', steps: [on('iam:PutUserPolicy', 'self')] },
  { id: 'put-role-policy', description: 'write an inline policy on a role it uses', steps: [on('iam:PutRolePolicy', 'self')] },
  { id: 'put-group-policy', description: 'write an inline policy on a group', steps: [on('iam:PutGroupPolicy', 'group')] },
  { id: 'add-user-to-group', description: 'add a user to a more privileged group', steps: [on('iam:AddUserToGroup', 'group')] },
  // The second step is decided against the trust policy the first one lets it write: one that
  // names the principal.
  {
    id: 'update-assume-role-policy',
    description: "rewrite a role's trust policy to name itself, then assume the role",
    steps: [on('iam:UpdateAssumeRolePolicy', 'role'), { action: 'sts:AssumeRole', resource: 'role', trustsSelf: true }],
  },
  { id: 'create-access-key', description: 'create access keys for another user', steps: [on('iam:CreateAccessKey', 'user')] },
  { id: 'create-login-profile', description: 'set a console password for another user', steps: [on('iam:CreateLoginProfile', 'user')] },
  { id: 'update-login-profile', description: "change another user's console password", steps: [on('iam:UpdateLoginProfile', 'user')] },
  {
    id: 'pass-role-ec2',
    description: 'pass a role to a new EC2 instance and use its credentials',
    steps: [pass('ec2.amazonaws.com'), on('ec2:RunInstances')],
  },
  {
    id: 'pass-role-lambda',
    description: 'pass a role to a new Lambda function and invoke it',
    steps: [pass('lambda.amazonaws.com'), on('lambda:CreateFunction'), on('lambda:InvokeFunction')],
  },
  {
    id: 'pass-role-lambda-event',
    description: 'pass a role to a new Lambda function run by an event source',
    steps: [pass('lambda.amazonaws.com'), on('lambda:CreateFunction'), on('lambda:CreateEventSourceMapping')],
  },
  {
    id: 'pass-role-cloudformation',
    description: 'pass a role to a CloudFormation stack that creates anything',
    steps: [pass('cloudformation.amazonaws.com'), on('cloudformation:CreateStack')],
  },
  {
    id: 'pass-role-glue',
    description: 'pass a role to a Glue development endpoint and log in to it',
    steps: [pass('glue.amazonaws.com'), on('glue:CreateDevEndpoint')],
  },
  {
    id: 'pass-role-datapipeline',
    description: 'pass a role to a Data Pipeline that runs commands',
    steps: [pass('datapipeline.amazonaws.com'), on('datapipeline:CreatePipeline'), on('datapipeline:PutPipelineDefinition')],
  },
  {
    id: 'pass-role-codebuild',
    description: 'pass a role to a CodeBuild project and run a build',
    steps: [pass('codebuild.amazonaws.com'), on('codebuild:CreateProject'), on('codebuild:StartBuild')],
  },
  {
    id: 'pass-role-sagemaker',
    description: 'pass a role to a SageMaker notebook and open it',
    steps: [pass('sagemaker.amazonaws.com'), on('sagemaker:CreateNotebookInstance'), on('sagemaker:CreatePresignedNotebookInstanceUrl')],
  },
  {
    id: 'pass-role-ecs',
    description: 'pass a role to an ECS task and run it',
    steps: [pass('ecs-tasks.amazonaws.com'), on('ecs:RegisterTaskDefinition'), on('ecs:RunTask')],
  },
  {
    id: 'update-function-code',
    description: 'replace the code of a Lambda function that runs with another role',
    steps: [on('lambda:UpdateFunctionCode')],
  },
  {
    id: 'update-glue-dev-endpoint',
    description: 'add its SSH key to a Glue development endpoint that runs with another role',
    steps: [on('glue:UpdateDevEndpoint')],
  },
];

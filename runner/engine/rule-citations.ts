/**
 * Where AWS documents each evaluation rule of decide.ts, as data: the pages and sections its step
 * quotes, so docs/decisions.md (runner/decisions-doc.ts, `npm run docs:decisions`) is generated
 * from the rule table and cannot drift from it. The `Record` makes a new rule id without a
 * citation a compile error; rule-citations.test.ts checks that every page a step's comment in
 * decide.ts cites is listed here for that rule, and that every page here has its title.
 */
import type { EvaluationRule } from './decide';

/** One AWS documentation page, and the section of it that states the rule. */
export interface Citation {
  url: string;
  /** The section heading (or `introduction`), as AWS titles it. */
  section: string;
}

const denyallow = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html';
const single = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html';
const cross = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html';
const principal = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html';
const session = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session';

/** The titles of the pages cited, as AWS gives them, by URL. */
export const pageTitles: Readonly<Record<string, string>> = {
  [denyallow]: 'How AWS enforcement code logic evaluates requests to allow or deny access',
  [single]: 'Policy evaluation for requests within a single account',
  [cross]: 'Cross-account policy evaluation logic',
  [principal]: 'AWS JSON policy elements: Principal',
  [session]: 'Policies and permissions in AWS Identity and Access Management',
  'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html': 'RCP evaluation',
  'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html': 'SCP evaluation',
  'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html': 'Control access to VPC endpoints using endpoint policies',
  'https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html':
    'Access AWS Secrets Manager secrets from a different account',
  'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html':
    'Allowing users in other accounts to use a KMS key',
  'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html':
    'AssumeRoleWithWebIdentity (AWS STS API Reference)',
  'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html': 'AssumeRoleWithSAML (AWS STS API Reference)',
  'https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html': 'Key policies in AWS KMS',
  'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html': 'Default key policy',
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html': 'Permissions boundaries for IAM entities',
  'https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html':
    'Secret encryption and decryption in AWS Secrets Manager',
};

/** The citations of each evaluation rule, in the order of `evaluationRules`. */
export const ruleCitations: Record<EvaluationRule, readonly Citation[]> = {
  explicitDeny: [{ url: denyallow, section: 'Deny evaluation' }],
  rcpFullAccess: [
    { url: denyallow, section: 'AWS Organizations RCPs' },
    {
      url: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html',
      section: 'introduction',
    },
  ],
  scpEveryLevel: [
    { url: denyallow, section: 'AWS Organizations SCPs' },
    {
      url: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html',
      section: 'introduction',
    },
  ],
  endpointAllow: [{ url: 'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html', section: 'introduction' }],
  serviceRule: [
    { url: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html', section: 'introduction' },
    {
      url: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html',
      section: 'introduction',
    },
  ],
  resourceOnlyCaller: [
    { url: denyallow, section: 'Resource-based policies' },
    { url: principal, section: 'Anonymous (public) principals; AWS service principals; Federated user principals' },
    { url: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html', section: 'introduction' },
    { url: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html', section: 'introduction' },
  ],
  resourcePolicyRequired: [
    { url: single, section: 'Resource-based policies' },
    { url: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html', section: 'introduction' },
  ],
  rootUser: [
    { url: denyallow, section: 'introduction' },
    { url: cross, section: 'introduction' },
  ],
  sameAccountResourceGrant: [
    { url: denyallow, section: 'Resource-based policies' },
    { url: single, section: 'Resource-based policies' },
    { url: principal, section: 'All principals' },
  ],
  crossAccountResourceSide: [{ url: cross, section: 'introduction' }],
  identityAllow: [
    { url: single, section: 'Identity-based policies' },
    { url: cross, section: 'introduction' },
    { url: session, section: 'Session policies' },
    {
      url: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html',
      section: 'Allows access to the AWS account and enables IAM policies',
    },
  ],
  boundaryAllow: [{ url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html', section: 'introduction' }],
  sessionAllow: [
    { url: denyallow, section: 'Session policies' },
    { url: session, section: 'Session policies' },
  ],
  dependentRequest: [
    {
      url: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html',
      section: 'Encryption and decryption processes; Permissions for the KMS key',
    },
    { url: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html', section: 'introduction' },
  ],
  allow: [{ url: denyallow, section: 'introduction' }],
};

/**
 * Services that RCPs apply to and that have no quirks of their own (AWS Organizations User Guide,
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html,
 * section "List of AWS services that support RCPs": Amazon S3, AWS STS, AWS KMS, Amazon SQS,
 * AWS Secrets Manager, Amazon Cognito, Amazon CloudWatch Logs, Amazon DynamoDB, Amazon ECR,
 * Amazon OpenSearch Serverless). STS, KMS and Secrets Manager have their own files.
 * A service that gains a quirk moves to a file of its own.
 */
import type { ServiceRules } from './types';

/** `{ prefix, rcp: true }` for each RCP service without a file of its own. */
export const rcpOnlyServices: readonly ServiceRules[] = ['s3', 'sqs', 'cognito-identity', 'logs', 'dynamodb', 'ecr', 'aoss'].map(
  (prefix): ServiceRules => ({ prefix, rcp: true }),
);

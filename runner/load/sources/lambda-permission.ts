/**
 * A Lambda permission (Terraform's `aws_lambda_permission`, CloudFormation's
 * `AWS::Lambda::Permission`) holds no document: it is turned into the one statement Lambda's
 * AddPermission adds to the function's resource-based policy: "Principal" the service or
 * account, "Action" the action, "Resource" the function (with its qualifier), and the
 * `AWS:SourceArn` / `AWS:SourceAccount` / `aws:PrincipalOrgID` conditions
 * (https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html, "Granting
 * function access to AWS services" and "Granting function access to an organization";
 * https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html).
 */

/** The fields of a permission, as both sources name them in AddPermission's words. */
export interface LambdaPermission {
  /** The function's ARN (a name is refused before this point: the statement needs the ARN). */
  functionArn: string;
  principal: string;
  action: string;
  qualifier?: string | undefined;
  statementId?: string | undefined;
  sourceArn?: string | undefined;
  sourceAccount?: string | undefined;
  principalOrgId?: string | undefined;
}

/** The policy document (JSON text) holding the permission's statement. */
export function lambdaPermissionDocument(p: LambdaPermission): string {
  const statement: Record<string, unknown> = {
    Effect: 'Allow',
    Principal: /\.amazonaws\.com(\.cn)?$/.test(p.principal) ? { Service: p.principal } : { AWS: p.principal },
    Action: p.action,
    Resource: p.qualifier ? `${p.functionArn}:${p.qualifier}` : p.functionArn,
  };
  if (p.statementId) statement.Sid = p.statementId;
  const condition: Record<string, Record<string, string>> = {};
  if (p.sourceArn) condition.ArnLike = { 'AWS:SourceArn': p.sourceArn };
  const equals: Record<string, string> = {};
  if (p.sourceAccount) equals['AWS:SourceAccount'] = p.sourceAccount;
  if (p.principalOrgId) equals['aws:PrincipalOrgID'] = p.principalOrgId;
  if (Object.keys(equals).length > 0) condition.StringEquals = equals;
  if (Object.keys(condition).length > 0) statement.Condition = condition;
  return JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
}

/**
 * The global condition keys (`aws:…`), written by hand from AWS's page
 * "AWS global condition context keys"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html),
 * one entry per key with the page's "Data type" and a one-line summary of what it holds.
 * The sections (principal, role session, network, resource, request properties) follow the page.
 * Besides the `aws:` keys, the page lists a few cross-service keys (`ec2:SourceInstanceArn`,
 * `lambda:SourceFunctionArn`, …) that every service's requests may carry; they are here too.
 * Generator-only: the generator writes these into `catalog/data/global-keys.json`.
 */
import type { GlobalKeysFile } from '../data-format';

/** Global keys by AWS's spelling. */
export const globalKeys: GlobalKeysFile = {
  // Properties of the principal
  'aws:PrincipalArn': { type: 'ARN', description: 'The ARN of the principal that made the request' },
  'aws:PrincipalAccount': { type: 'String', description: 'The account to which the requesting principal belongs' },
  'aws:PrincipalOrgPaths': { type: 'ArrayOfString', description: 'The AWS Organizations paths of the principal making the request' },
  // Not on the page, but set by AWS and read by its own managed policy AWSSSOServiceRolePolicy
  // (`StringEquals` on `aws:PrincipalOrgMasterAccountId`): the management account of the
  // principal's organization.
  'aws:PrincipalOrgMasterAccountId': {
    type: 'String',
    description:
      "The management account of the requesting principal's organization (used by AWS managed policies; not on the global keys page)",
  },
  'aws:PrincipalOrgID': {
    type: 'String',
    description: 'The identifier of the organization in AWS Organizations to which the requesting principal belongs',
  },
  'aws:PrincipalTag/${TagKey}': { type: 'String', description: 'The tag attached to the principal making the request' },
  'aws:PrincipalIsAWSService': {
    type: 'Bool',
    description: 'Whether the call to the resource is made directly by an AWS service principal',
  },
  'aws:PrincipalServiceName': { type: 'String', description: 'The service principal name making the request' },
  'aws:PrincipalServiceNamesList': { type: 'ArrayOfString', description: 'Every service principal name that belongs to the service' },
  'aws:PrincipalType': {
    type: 'String',
    description: 'The type of principal making the request (Account, User, FederatedUser, AssumedRole, Anonymous)',
  },
  'aws:userid': { type: 'String', description: 'The principal identifier of the requester' },
  'aws:username': { type: 'String', description: 'The user name of the requester' },
  // Properties of a role session
  'aws:AssumedRoot': { type: 'Bool', description: 'Whether the request was made with AssumeRoot credentials' },
  'aws:FederatedProvider': { type: 'String', description: 'The identity provider that authenticated the principal' },
  'aws:TokenIssueTime': { type: 'Date', description: 'The date and time that temporary security credentials were issued' },
  'aws:MultiFactorAuthAge': {
    type: 'Numeric',
    description: 'The number of seconds since the requesting principal was authorized using MFA',
  },
  'aws:MultiFactorAuthPresent': {
    type: 'Bool',
    description: 'Whether multi-factor authentication was used to validate the temporary credentials',
  },
  'aws:ChatbotSourceArn': { type: 'ARN', description: 'The ARN of the chat configuration that made the request' },
  'aws:Ec2InstanceSourceVpc': { type: 'String', description: 'The VPC to which EC2 instance role credentials were delivered' },
  'aws:Ec2InstanceSourcePrivateIPv4': {
    type: 'IPAddress',
    description: 'The private IPv4 address of the EC2 instance to which role credentials were delivered',
  },
  'aws:SourceIdentity': { type: 'String', description: 'The source identity set when a role is assumed' },
  // Cross-service keys the page lists among the role session properties: a service's prefix, but
  // present in requests to every service made with that session's credentials.
  'ec2:RoleDelivery': { type: 'Numeric', description: 'The version of the instance metadata service that delivered the role credentials' },
  'ec2:SourceInstanceArn': { type: 'ARN', description: 'The ARN of the EC2 instance to which role credentials were delivered' },
  'glue:RoleAssumedBy': { type: 'String', description: 'The AWS Glue service that assumed the role' },
  'glue:CredentialIssuingService': { type: 'String', description: 'The AWS Glue service that issued the credentials' },
  'lambda:SourceFunctionArn': {
    type: 'ARN',
    description: 'The ARN of the Lambda function whose execution role credentials made the request',
  },
  'ssm:SourceInstanceArn': {
    type: 'ARN',
    description: 'The ARN of the Systems Manager managed instance to which role credentials were delivered',
  },
  'identitystore:UserId': { type: 'String', description: 'The IAM Identity Center user identifier of the identity-enhanced session' },
  // Properties of the network
  'aws:SourceIp': { type: 'IPAddress', description: "The requester's IP address" },
  'aws:SourceVpc': { type: 'String', description: 'The VPC through which the request travels, for requests through a VPC endpoint' },
  'aws:SourceVpcArn': { type: 'ARN', description: 'The ARN of the VPC through which the request travels' },
  'aws:SourceVpce': { type: 'String', description: 'The VPC endpoint identifier of the request' },
  'aws:VpceAccount': { type: 'String', description: 'The account that owns the VPC endpoint the request travels through' },
  'aws:VpceOrgPaths': { type: 'ArrayOfString', description: 'The AWS Organizations path of the account that owns the VPC endpoint' },
  'aws:VpceOrgID': { type: 'String', description: 'The organization of the account that owns the VPC endpoint' },
  'aws:VpcSourceIp': { type: 'IPAddress', description: 'The IP address from which a request was made through a VPC endpoint' },
  // Properties of the resource
  'aws:ResourceAccount': { type: 'String', description: "The identifier of the resource owner's account" },
  'aws:ResourceOrgID': { type: 'String', description: 'The identifier of the organization to which the resource belongs' },
  'aws:ResourceOrgPaths': { type: 'ArrayOfString', description: 'The AWS Organizations path of the resource being accessed' },
  'aws:ResourceTag/${TagKey}': { type: 'String', description: 'The tag attached to the resource' },
  // Properties of the request
  'aws:CalledVia': { type: 'ArrayOfString', description: 'The services that made requests on behalf of the principal, in order' },
  'aws:CalledViaFirst': { type: 'String', description: 'The first service in the CalledVia chain' },
  'aws:CalledViaLast': { type: 'String', description: 'The last service in the CalledVia chain' },
  'aws:CalledViaAWSMCP': { type: 'String', description: 'The AWS-managed MCP server through which the request was made' },
  'aws:ViaAWSService': {
    type: 'Bool',
    description: 'Whether an AWS service makes the request on behalf of the principal using its credentials',
  },
  'aws:ViaAWSMCPService': { type: 'Bool', description: 'Whether the request was made through an AWS-managed MCP server' },
  'aws:IsMcpServiceAction': { type: 'Bool', description: 'Whether the action is an MCP service action' },
  'aws:CurrentTime': { type: 'Date', description: 'The date and time of the request' },
  'aws:EpochTime': { type: 'Date', otherTypes: ['Numeric'], description: 'The date and time of the request in epoch (Unix) time' },
  'aws:referer': { type: 'String', description: 'The HTTP referer header of the request' },
  'aws:RequestedRegion': { type: 'String', description: 'The AWS Region called in the request' },
  'aws:RequestTag/${TagKey}': { type: 'String', description: 'A tag key and value passed in the request' },
  'aws:TagKeys': { type: 'ArrayOfString', description: 'The tag keys passed in the request' },
  'aws:SecureTransport': { type: 'Bool', description: 'Whether the request was sent using TLS' },
  'aws:SourceArn': { type: 'ARN', description: 'The ARN of the resource making a service-to-service request' },
  'aws:SourceAccount': { type: 'String', description: 'The account of the resource making a service-to-service request' },
  'aws:SourceOrgPaths': {
    type: 'ArrayOfString',
    description: 'The AWS Organizations path of the resource making a service-to-service request',
  },
  'aws:SourceOrgID': { type: 'String', description: 'The organization of the resource making a service-to-service request' },
  'aws:SourceOwner': {
    type: 'String',
    description: 'The account that owns the resource making a service-to-service request (used by some services)',
  },
  'aws:UserAgent': { type: 'String', description: "The requester's client application" },
};

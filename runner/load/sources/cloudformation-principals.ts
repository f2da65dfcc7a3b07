/**
 * Roles, users and resources as a CloudFormation template defines them. A role or user gathers
 * what AWS attaches to it (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html,
 * "Identity-based policies": inline and managed policies of the user or role, and of the user's
 * groups): its own `Policies`, `ManagedPolicyArns` and `PermissionsBoundary`
 * (aws-resource-iam-role.html, aws-resource-iam-user.html, aws-resource-iam-group.html in the
 * CloudFormation template reference), and the `AWS::IAM::Policy` / `AWS::IAM::ManagedPolicy`
 * resources whose `Roles` / `Users` / `Groups` name it, and the `AWS::IAM::RolePolicy` /
 * `UserPolicy` / `GroupPolicy` resources whose `RoleName` / `UserName` / `GroupName` name it.
 * A link is a `Ref` or `Fn::GetAtt` to the logical id, or the resource's name as a string.
 */
import { isSeq } from 'yaml';
import { diagnostic } from '../../diagnostics';
import { Resolver } from './cloudformation-intrinsics';
import { FAIL, plainOf } from './cloudformation-values';
import { documentOf, inlinePolicies, listed, refTarget, type TemplateReference } from './cloudformation-policies';
import { member, type CfnResource } from './cloudformation-template';
import { isAwsManagedArn, type SourcedPolicy, type SourcedPrincipal, type SourcedResource } from './types';

type Kind = 'Role' | 'User' | 'Group';

/** The principal with logical id `id`: an `AWS::IAM::Role` or `AWS::IAM::User`. */
export function templatePrincipal(ref: TemplateReference, id: string): SourcedPrincipal | undefined {
  const resource = ref.find(id);
  if (!resource) return undefined;
  const kind = resource.type === 'AWS::IAM::Role' ? 'Role' : resource.type === 'AWS::IAM::User' ? 'User' : undefined;
  if (!kind)
    return ref.noPolicy(
      resource,
      `is an \`${resource.type}\`, not a principal`,
      'a principal from a template is an `AWS::IAM::Role` or an `AWS::IAM::User`',
    );
  const principal: SourcedPrincipal = { policies: identityPolicies(ref, resource, kind) };
  const arn = arnOf(ref, resource);
  if (arn !== undefined) principal.arn = arn;
  const tags = tagsOf(ref, resource);
  if (tags) principal.tags = tags;
  if (kind === 'User') {
    for (const group of groupsOf(ref, resource)) principal.policies.push(...identityPolicies(ref, group, 'Group'));
  }
  const boundary = member(resource.properties, 'PermissionsBoundary');
  if (boundary !== undefined) {
    const p = attached(ref, resource, 'PermissionsBoundary', boundary);
    if (p) principal.boundary = p;
  }
  return principal;
}

/** The role's, user's or group's own policies and the policies that name it. */
function identityPolicies(ref: TemplateReference, owner: CfnResource, kind: Kind): SourcedPolicy[] {
  const out: SourcedPolicy[] = [];
  for (const { name, document } of inlinePolicies(ref, owner)) {
    const file = documentOf(ref, owner, 'Policies', document);
    if (file) out.push({ kind: 'document', file, label: `${owner.logicalId} ${name}` });
  }
  const arns = member(owner.properties, 'ManagedPolicyArns');
  for (const item of isSeq(arns) ? arns.items : []) {
    const p = attached(ref, owner, 'ManagedPolicyArns', item);
    if (p) out.push(p);
  }
  const ownName = ref.text(owner, `${kind}Name`);
  for (const r of ref.template.resources.values()) {
    const byList = r.type === 'AWS::IAM::Policy' || r.type === 'AWS::IAM::ManagedPolicy';
    const byName = r.type === `AWS::IAM::${kind}Policy`;
    if (!byList && !byName) continue;
    const { ids, names } = listed(ref, r, byList ? `${kind}s` : `${kind}Name`);
    if (!ids.includes(owner.logicalId) && !(ownName !== undefined && names.includes(ownName))) continue;
    if (ref.names.created(r, r.key, ref.resolver) !== true) continue;
    const file = documentOf(ref, r, 'PolicyDocument');
    const name = ref.text(r, r.type === 'AWS::IAM::ManagedPolicy' ? 'ManagedPolicyName' : 'PolicyName');
    if (file) out.push({ kind: 'document', file, label: name === undefined ? r.logicalId : `${r.logicalId} ${name}` });
  }
  return out;
}

/**
 * A policy attached by ARN (`ManagedPolicyArns`, `PermissionsBoundary`): a `Ref` to a managed
 * policy of the template, an AWS managed policy (the catalog's pinned copy), or the ARN of a
 * managed policy of the template.
 */
function attached(ref: TemplateReference, owner: CfnResource, property: string, node: unknown): SourcedPolicy | undefined {
  const target = refTarget(node);
  const byRef = target === undefined ? undefined : ref.template.resources.get(target);
  if (byRef?.type === 'AWS::IAM::ManagedPolicy') {
    const file = documentOf(ref, byRef, 'PolicyDocument');
    return file ? { kind: 'document', file, label: byRef.logicalId } : undefined;
  }
  ref.resolver.where = `\`${owner.logicalId}\` \`${property}\``;
  const arn = ref.resolver.text(node, 'a managed policy ARN');
  if (arn === FAIL) return undefined;
  if (isAwsManagedArn(arn)) return { kind: 'managed', arn, span: ref.resolver.span(node), label: arn };
  for (const r of ref.template.resources.values()) {
    if (r.type !== 'AWS::IAM::ManagedPolicy') continue;
    const quiet = new Resolver(ref.template, ref.names, []);
    const v = ref.names.ref(r.logicalId, r.key, quiet);
    if (v === arn) {
      const file = documentOf(ref, r, 'PolicyDocument');
      return file ? { kind: 'document', file, label: r.logicalId } : undefined;
    }
  }
  ref.diagnostics.push(
    diagnostic(
      'SOURCE_NOT_FOUND',
      `\`${ref.template.file}\`: \`${owner.logicalId}\` \`${property}\`: \`${arn}\` is no managed policy of the template`,
      ref.resolver.span(node),
      "a customer managed policy must be an `AWS::IAM::ManagedPolicy` of the same template; or declare it under `policies` and list it in the principal's `policies`",
    ),
  );
  return undefined;
}

/** The groups of a user: its `Groups`, and `AWS::IAM::UserToGroupAddition` resources naming it. */
function groupsOf(ref: TemplateReference, user: CfnResource): CfnResource[] {
  const { ids, names } = listed(ref, user, 'Groups');
  const userName = ref.text(user, 'UserName');
  for (const r of ref.template.resources.values()) {
    if (r.type !== 'AWS::IAM::UserToGroupAddition') continue;
    const users = listed(ref, r, 'Users');
    if (!users.ids.includes(user.logicalId) && !(userName !== undefined && users.names.includes(userName))) continue;
    const group = listed(ref, r, 'GroupName');
    ids.push(...group.ids);
    names.push(...group.names);
  }
  const groups = [...ref.template.resources.values()].filter(
    (r) => r.type === 'AWS::IAM::Group' && (ids.includes(r.logicalId) || names.includes(ref.text(r, 'GroupName') ?? '\u0000')),
  );
  return groups.sort((a, b) => a.logicalId.localeCompare(b.logicalId));
}

/** The ARN of a resource: `parameters:` (`Id.Arn`), else its documented `Arn` (`TopicArn`, or `Ref` for a secret), else reported. */
function arnOf(ref: TemplateReference, resource: CfnResource): string | undefined {
  ref.resolver.where = `\`${resource.logicalId}\``;
  const attribute = resource.type === 'AWS::SNS::Topic' ? 'TopicArn' : 'Arn';
  const v =
    resource.type === 'AWS::SecretsManager::Secret'
      ? ref.names.ref(resource.logicalId, resource.key, ref.resolver)
      : ref.names.getAtt(resource.logicalId, attribute, resource.key, ref.resolver);
  return typeof v === 'string' ? v : undefined;
}

/** `Tags: [{Key, Value}]`, resolved. */
function tagsOf(ref: TemplateReference, resource: CfnResource): Record<string, string> | undefined {
  const tags = ref.property(resource, 'Tags');
  if (!isSeq(tags)) return undefined;
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const t of tags.items) {
    const p = plainOf(t) as { Key?: unknown; Value?: unknown } | null;
    if (p && typeof p.Key === 'string' && p.Value !== undefined && p.Value !== null) out[p.Key] = String(p.Value);
  }
  return out;
}

/**
 * Resource types taken as resources, with the property of their own policy or the policy
 * resource that points at them (its `by` property names them, by `Ref` or by the name `Ref` gives).
 */
const resourceKinds: Readonly<Record<string, { own?: string; holder?: { type: string; by: string; property: string } }>> = {
  'AWS::IAM::Role': { own: 'AssumeRolePolicyDocument' },
  'AWS::IAM::User': {},
  'AWS::KMS::Key': { own: 'KeyPolicy' },
  'AWS::S3::Bucket': { holder: { type: 'AWS::S3::BucketPolicy', by: 'Bucket', property: 'PolicyDocument' } },
  'AWS::SecretsManager::Secret': { holder: { type: 'AWS::SecretsManager::ResourcePolicy', by: 'SecretId', property: 'ResourcePolicy' } },
  'AWS::SQS::Queue': { holder: { type: 'AWS::SQS::QueuePolicy', by: 'Queues', property: 'PolicyDocument' } },
  'AWS::SNS::Topic': { holder: { type: 'AWS::SNS::TopicPolicy', by: 'Topics', property: 'PolicyDocument' } },
};

/** The resource with logical id `id`: its ARN (unless the scenario gives `arn`), tags and resource-based policy. */
export function templateResource(ref: TemplateReference, id: string, hasArn: boolean): SourcedResource | undefined {
  const resource = ref.find(id);
  if (!resource) return undefined;
  const kind = resourceKinds[resource.type];
  if (!kind)
    return ref.noPolicy(
      resource,
      `is an \`${resource.type}\`, which iamspec does not take as a resource`,
      `resource types: ${Object.keys(resourceKinds)
        .map((t) => `\`${t}\``)
        .join(', ')}`,
    );
  const out: SourcedResource = {};
  if (!hasArn) {
    const arn = arnOf(ref, resource);
    if (arn !== undefined) out.arn = arn;
  }
  const tags = tagsOf(ref, resource);
  if (tags) out.tags = tags;
  if (kind.own !== undefined && member(resource.properties, kind.own) !== undefined) {
    const file = documentOf(ref, resource, kind.own);
    if (file) out.policy = { kind: 'document', file, label: `${id} ${kind.own}` };
  } else if (kind.holder) {
    const { type, by, property } = kind.holder;
    const quiet = new Resolver(ref.template, ref.names, []);
    const name = ref.names.ref(id, resource.key, quiet);
    for (const r of ref.template.resources.values()) {
      if (r.type !== type) continue;
      const { ids, names } = listed(ref, r, by);
      if (!ids.includes(id) && !(typeof name === 'string' && names.includes(name))) continue;
      if (ref.names.created(r, r.key, ref.resolver) !== true) continue;
      const file = documentOf(ref, r, property);
      if (file) out.policy = { kind: 'document', file, label: r.logicalId };
      break;
    }
  }
  return out;
}

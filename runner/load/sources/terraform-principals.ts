/**
 * Roles and users as a Terraform plan or state defines them (other resources, and the ARNs and
 * tags both have: ./terraform-resources.ts). A role or user gathers what AWS attaches to it (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html,
 * "Identity-based policies": inline and managed policies of the user or role, and of the user's
 * groups), each found by the resource that links it: an inline policy resource or an attachment
 * whose `role` / `user` / `group` is the principal's name, or whose configuration references it
 * (a name or ARN known only after apply is linked by the configuration, never guessed: where the
 * configuration cannot tell, the principal is an UNKNOWN_VALUE, see ./terraform-links.ts).
 */
import { diagnostic } from '../../diagnostics';
import type { PolicyFile } from '../policy-file';
import { findResource, documentAt, policyOf, unknownValue, type Reference } from './terraform-policies';
import { links, namesIn, type Owner } from './terraform-links';
import { iamArn, ownerOf, stringList, tagsOf, type Placement } from './terraform-resources';
import { isUnknown, record, referencedResources, type TerraformResource } from './terraform-plan';
import { isAwsManagedArn, type SourcedPolicy, type SourcedPrincipal } from './types';

/** The principal at `address`: an `aws_iam_role` or `aws_iam_user`. */
export function terraformPrincipal(ref: Reference, address: string, placement: Placement): SourcedPrincipal | undefined {
  const resource = findResource(ref, address);
  if (!resource) return undefined;
  const kind = resource.type === 'aws_iam_role' ? 'role' : resource.type === 'aws_iam_user' ? 'user' : undefined;
  if (!kind) {
    ref.diagnostics.push(
      diagnostic(
        'SOURCE_NO_POLICY',
        `\`${ref.plan.file}\`: \`${address}\` is an \`${resource.type}\`, not a principal`,
        ref.at,
        'a principal from a plan is an `aws_iam_role` or an `aws_iam_user`',
      ),
    );
    return undefined;
  }
  const principal: SourcedPrincipal = { policies: [] };
  const arn = iamArn(ref, resource, kind, placement);
  if (arn) principal.arn = arn;
  const tags = tagsOf(resource);
  if (tags) principal.tags = tags;
  const inline = Array.isArray(resource.values.inline_policy) ? (resource.values.inline_policy as unknown[]) : [];
  inline.forEach((p, i) => {
    const name = record(p)?.name;
    if (typeof name !== 'string' || name === '') return; // the provider's empty placeholder block
    const file = documentAt(ref, resource, ['inline_policy', i, 'policy'], `inline_policy ${name}`);
    if (file) principal.policies.push({ kind: 'document', file, label: `${address} ${name}` });
  });
  principal.policies.push(...linkedPolicies(ref, kind, ownerOf(resource, `\`${address}\``)));
  if (kind === 'user') {
    for (const group of groupsOf(ref, resource)) {
      const groupResource = [...ref.plan.resources.values()].find((r) => r.type === 'aws_iam_group' && r.values.name === group);
      const owner = { type: 'aws_iam_group', resource: groupResource, key: group, label: `the group \`${group}\` of \`${address}\`` };
      principal.policies.push(...linkedPolicies(ref, 'group', owner));
    }
  }
  for (const arnValue of stringList(resource.values.managed_policy_arns)) {
    const p = attachedByArn(ref, arnValue, `${address} managed_policy_arns`);
    if (p) principal.policies.push(p);
  }
  const boundary = boundaryOf(ref, resource);
  if (boundary) principal.boundary = boundary;
  return principal;
}

/**
 * Inline policy resources and attachments of a role, user or group: `aws_iam_KIND_policy`,
 * `aws_iam_KIND_policy_attachment`, and the exclusive `aws_iam_policy_attachment`, whose
 * `roles` / `users` / `groups` list names it.
 */
function linkedPolicies(ref: Reference, kind: 'role' | 'user' | 'group', owner: Owner): SourcedPolicy[] {
  const out: SourcedPolicy[] = [];
  for (const r of ref.plan.resources.values()) {
    if (r.type === `aws_iam_${kind}_policy` && links(ref, r, kind, owner)) {
      const file = documentAt(ref, r, ['policy']);
      if (file)
        out.push({ kind: 'document', file, label: typeof r.values.name === 'string' ? `${r.address} ${r.values.name}` : r.address });
    } else if (
      (r.type === `aws_iam_${kind}_policy_attachment` && links(ref, r, kind, owner)) ||
      (r.type === 'aws_iam_policy_attachment' && links(ref, r, `${kind}s`, owner))
    ) {
      const p = attachedPolicy(ref, r);
      if (p) out.push(p);
    }
  }
  return out;
}

/** The policy an attachment attaches: by known ARN, or through the configuration's reference. */
function attachedPolicy(ref: Reference, attachment: TerraformResource): SourcedPolicy | undefined {
  const arn = attachment.values.policy_arn;
  if (typeof arn === 'string') return attachedByArn(ref, arn, attachment.address);
  const targets = referencedResources(ref.plan, attachment, 'policy_arn').filter((r) => r.type === 'aws_iam_policy');
  if (targets.length === 1) {
    const file = policyOf(ref, targets[0], {});
    return file ? { kind: 'document', file, label: targets[0].address } : undefined;
  }
  const why =
    targets.length > 1
      ? `its configuration references ${targets.length} instances (${targets.map((t) => `\`${t.address}\``).join(', ')})`
      : 'its configuration references no `aws_iam_policy` of the plan';
  if (isUnknown(ref.plan, attachment.address, ['policy_arn']) || arn === undefined) {
    ref.diagnostics.push(
      unknownValue(
        ref,
        attachment,
        'policy_arn',
        `${why}; attach one policy resource by reference (\`aws_iam_policy.x.arn\`), or apply the plan and give the state`,
      ),
    );
  }
  return undefined;
}

/** A policy attached by ARN: AWS managed (the catalog's pinned copy), or a policy resource of the plan. */
function attachedByArn(ref: Reference, arn: string, label: string): SourcedPolicy | undefined {
  if (isAwsManagedArn(arn)) return { kind: 'managed', arn, span: ref.at, label: arn };
  const policy = [...ref.plan.resources.values()].find((r) => r.type === 'aws_iam_policy' && r.values.arn === arn);
  if (policy) {
    const file: PolicyFile | undefined = policyOf(ref, policy, {});
    return file ? { kind: 'document', file, label: policy.address } : undefined;
  }
  ref.diagnostics.push(
    diagnostic(
      'SOURCE_NOT_FOUND',
      `\`${ref.plan.file}\`: \`${label}\` attaches \`${arn}\`, which the ${ref.plan.kind} does not hold`,
      ref.at,
      "a customer managed policy must be a resource of the same plan or state; or declare it under `policies` and list it in the principal's `policies`",
    ),
  );
  return undefined;
}

/** The groups a user is in: `aws_iam_user_group_membership` and `aws_iam_group_membership`. */
function groupsOf(ref: Reference, user: TerraformResource): string[] {
  const owner = ownerOf(user, `\`${user.address}\``);
  const groups = new Set<string>();
  for (const r of ref.plan.resources.values()) {
    if (r.type === 'aws_iam_user_group_membership' && links(ref, r, 'user', owner))
      namesIn(ref, r, 'groups', 'aws_iam_group', 'group').forEach((g) => groups.add(g));
    if (r.type === 'aws_iam_group_membership' && links(ref, r, 'users', owner))
      namesIn(ref, r, 'group', 'aws_iam_group', 'group').forEach((g) => groups.add(g));
  }
  return [...groups].sort();
}

/** The permissions boundary: an ARN, or a policy resource the configuration references. */
function boundaryOf(ref: Reference, resource: TerraformResource): SourcedPolicy | undefined {
  const arn = resource.values.permissions_boundary;
  if (typeof arn === 'string' && arn !== '') return attachedByArn(ref, arn, `${resource.address} permissions_boundary`);
  if (!isUnknown(ref.plan, resource.address, ['permissions_boundary'])) return undefined;
  const targets = referencedResources(ref.plan, resource, 'permissions_boundary').filter((r) => r.type === 'aws_iam_policy');
  if (targets.length === 1) {
    const file = policyOf(ref, targets[0], {});
    return file ? { kind: 'document', file, label: targets[0].address } : undefined;
  }
  ref.diagnostics.push(unknownValue(ref, resource, 'permissions_boundary'));
  return undefined;
}

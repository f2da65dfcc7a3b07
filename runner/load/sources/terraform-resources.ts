/**
 * Resources as a Terraform plan or state defines them, and the facts principals share with them:
 * an ARN (the plan's, or built from the name and the `account:` / `region:` given beside
 * `address:`; never guessed where AWS chooses a part at creation), tags, and the resource-based
 * policy (the resource's own attribute, or the policy resource that links it). Roles and users
 * gather their policies in ./terraform-principals.ts.
 */
import { diagnostic } from '../../diagnostics';
import { links, type Owner } from './terraform-links';
import { record, isUnknown, type TerraformResource } from './terraform-plan';
import { findResource, documentAt, policyOf, unknownValue, valueAt, type Reference } from './terraform-policies';
import type { SourcedPolicy, SourcedResource } from './types';

/** `account:` and `region:` written beside `address:`, for ARNs the plan does not know. */
export interface Placement {
  account?: string | undefined;
  region?: string | undefined;
}

/** The IAM ARN of a role or user: known, or built from its name, path and `account:`. */
export function iamArn(ref: Reference, resource: TerraformResource, kind: 'role' | 'user', placement: Placement): string | undefined {
  if (typeof resource.values.arn === 'string') return resource.values.arn;
  const name = resource.values.name;
  const path = typeof resource.values.path === 'string' ? resource.values.path : '/';
  if (typeof name !== 'string') {
    ref.diagnostics.push(
      unknownValue(
        ref,
        resource,
        'name',
        'give the role or user a fixed `name` in the configuration (not `name_prefix`), or apply the plan and give the state',
      ),
    );
    return undefined;
  }
  if (placement.account === undefined) {
    ref.diagnostics.push(
      unknownValue(
        ref,
        resource,
        'arn',
        `give \`account:\` beside \`address:\` (the ARN is then \`arn:aws:iam::ACCOUNT:${kind}${path}${name}\`), or apply the plan and give the state`,
      ),
    );
    return undefined;
  }
  // The IAM ARN form: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
  return `arn:aws:iam::${placement.account}:${kind}${path}${name}`;
}

/** A resource as the owner of what links it by `by` (default: its name). */
export function ownerOf(resource: TerraformResource, label: string, by = 'name'): Owner {
  const key = resource.values[by];
  return { type: resource.type, resource, key: typeof key === 'string' ? key : undefined, attribute: by, label };
}

/**
 * How a resource type's ARN is built when the plan does not know it, and which resource holds
 * its policy (`field` of the policy resource names the resource's `by`). ARN forms:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html and each service's
 * "Resource types" table in the Service Authorization Reference.
 */
const resourceKinds: Readonly<
  Record<
    string,
    {
      arn?: (v: Record<string, unknown>, p: Required<Placement>) => string | undefined;
      policy?: { type: string; field: string; by: string };
      own?: string;
    }
  >
> = {
  aws_iam_role: { own: 'assume_role_policy' },
  aws_iam_user: {},
  aws_s3_bucket: {
    arn: (v) => (typeof v.bucket === 'string' ? `arn:aws:s3:::${v.bucket}` : undefined),
    policy: { type: 'aws_s3_bucket_policy', field: 'bucket', by: 'bucket' },
    own: 'policy',
  },
  aws_secretsmanager_secret: { policy: { type: 'aws_secretsmanager_secret_policy', field: 'secret_arn', by: 'arn' }, own: 'policy' },
  aws_kms_key: { own: 'policy' },
  aws_sqs_queue: {
    arn: (v, p) => (typeof v.name === 'string' ? `arn:aws:sqs:${p.region}:${p.account}:${v.name}` : undefined),
    policy: { type: 'aws_sqs_queue_policy', field: 'queue_url', by: 'url' },
    own: 'policy',
  },
  aws_sns_topic: {
    arn: (v, p) => (typeof v.name === 'string' ? `arn:aws:sns:${p.region}:${p.account}:${v.name}` : undefined),
    policy: { type: 'aws_sns_topic_policy', field: 'arn', by: 'arn' },
    own: 'policy',
  },
  aws_ecr_repository: {
    arn: (v, p) => (typeof v.name === 'string' ? `arn:aws:ecr:${p.region}:${p.account}:repository/${v.name}` : undefined),
    policy: { type: 'aws_ecr_repository_policy', field: 'repository', by: 'name' },
  },
};

/** The resource at `address`: its ARN (unless `hasArn`), tags and resource-based policy. */
export function terraformResource(ref: Reference, address: string, placement: Placement, hasArn: boolean): SourcedResource | undefined {
  const resource = findResource(ref, address);
  if (!resource) return undefined;
  const kind = resourceKinds[resource.type];
  if (!kind) {
    ref.diagnostics.push(
      diagnostic(
        'SOURCE_NO_POLICY',
        `\`${ref.plan.file}\`: \`${address}\` is an \`${resource.type}\`, which iamspec does not take as a resource`,
        ref.at,
        `resource types: ${Object.keys(resourceKinds)
          .map((t) => `\`${t}\``)
          .join(', ')}`,
      ),
    );
    return undefined;
  }
  const out: SourcedResource = {};
  if (!hasArn) {
    const arn = resourceArn(ref, resource, placement, kind.arn);
    if (arn) out.arn = arn;
  }
  const tags = tagsOf(resource);
  if (tags) out.tags = tags;
  const policy = resourcePolicy(ref, resource, kind);
  if (policy) out.policy = policy;
  return out;
}

/** The resource's ARN: the plan's, an IAM role's or user's, or built by `build` from its values and placement. */
function resourceArn(
  ref: Reference,
  resource: TerraformResource,
  placement: Placement,
  build: ((v: Record<string, unknown>, p: Required<Placement>) => string | undefined) | undefined,
): string | undefined {
  if (typeof resource.values.arn === 'string') return resource.values.arn;
  if (resource.type === 'aws_iam_role' || resource.type === 'aws_iam_user')
    return iamArn(ref, resource, resource.type === 'aws_iam_role' ? 'role' : 'user', placement);
  const needsPlace = resource.type !== 'aws_s3_bucket';
  if (build && (!needsPlace || (placement.account !== undefined && placement.region !== undefined))) {
    const arn = build(resource.values, { account: placement.account ?? '', region: placement.region ?? '' });
    if (arn) return arn;
  }
  const help = build
    ? 'give `account:` and `region:` beside `address:` (the ARN is built from the name), or apply the plan and give the state'
    : 'its ARN holds a part AWS chooses at creation: apply the plan and give the state, or write `arn:` beside `address:`';
  ref.diagnostics.push(unknownValue(ref, resource, 'arn', help));
  return undefined;
}

/** The resource-based policy: its own attribute (`own`), else the policy resource of type `policy.type` that links it. */
function resourcePolicy(
  ref: Reference,
  resource: TerraformResource,
  kind: { policy?: { type: string; field: string; by: string }; own?: string },
): SourcedPolicy | undefined {
  const own = kind.own === undefined ? undefined : valueAt(resource.values, [kind.own]);
  if (kind.own !== undefined && typeof own === 'string' && own !== '') {
    const file = documentAt(ref, resource, [kind.own]);
    return file ? { kind: 'document', file, label: `${resource.address} ${kind.own}` } : undefined;
  }
  if (kind.policy) {
    const { type, field, by } = kind.policy;
    const owner = ownerOf(resource, `\`${resource.address}\``, by);
    const holder = [...ref.plan.resources.values()].filter((r) => r.type === type && links(ref, r, field, owner))[0];
    if (holder) {
      const file = policyOf(ref, holder, {});
      return file ? { kind: 'document', file, label: holder.address } : undefined;
    }
  }
  if (kind.own !== undefined && isUnknown(ref.plan, resource.address, [kind.own]))
    ref.diagnostics.push(unknownValue(ref, resource, kind.own));
  return undefined;
}

/** The resource's tags (`tags_all`, with the provider's default tags, else `tags`). */
export function tagsOf(resource: TerraformResource): Record<string, string> | undefined {
  const tags = record(resource.values.tags_all) ?? record(resource.values.tags);
  if (!tags) return undefined;
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(tags)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** The strings of a list value (none for any other value). */
export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

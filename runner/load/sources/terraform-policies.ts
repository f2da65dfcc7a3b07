/**
 * Policy documents in a Terraform plan or state, by resource type and attribute. Terraform's AWS
 * provider keeps every policy as a JSON string attribute (the provider's docs for each resource:
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs); `aws_lambda_permission`
 * holds no document and is turned into the one statement Lambda's AddPermission writes.
 */
import { didYouMean, suggest } from '../../../lib/suggest';
import { diagnostic, type Diagnostic, type Span } from '../../diagnostics';
import type { PolicyFile } from '../policy-file';
import { embeddedPolicy } from './embedded-policy';
import { locate, type PathStep } from './json-locate';
import { lambdaPermissionDocument } from './lambda-permission';
import { isUnknown, type TerraformPlan, type TerraformResource } from './terraform-plan';

/** Policy attributes by resource type; the first is the default. */
export const policyAttributes: Readonly<Record<string, readonly string[]>> = {
  aws_iam_policy: ['policy'],
  aws_iam_role: ['assume_role_policy'],
  aws_iam_role_policy: ['policy'],
  aws_iam_user_policy: ['policy'],
  aws_iam_group_policy: ['policy'],
  aws_organizations_policy: ['content'],
  aws_s3_bucket_policy: ['policy'],
  aws_s3_bucket: ['policy'],
  aws_secretsmanager_secret_policy: ['policy'],
  aws_secretsmanager_secret: ['policy'],
  aws_kms_key: ['policy'],
  aws_sqs_queue_policy: ['policy'],
  aws_sqs_queue: ['policy'],
  aws_sns_topic_policy: ['policy'],
  aws_sns_topic: ['policy'],
  aws_ecr_repository_policy: ['policy'],
  aws_iam_policy_document: ['json'],
  aws_lambda_permission: [],
};

/** Where a source reference is written in the scenario, and where its problems go. */
export interface Reference {
  plan: TerraformPlan;
  /** The span of `address:` in the scenario. */
  at: Span;
  diagnostics: Diagnostic[];
}

/** The resource at `address`, or a SOURCE_NOT_FOUND with the closest address. */
export function findResource(ref: Reference, address: string): TerraformResource | undefined {
  const found = ref.plan.resources.get(address);
  if (found) return found;
  const close = suggest(address, [...ref.plan.resources.keys()]);
  ref.diagnostics.push(
    diagnostic(
      'SOURCE_NOT_FOUND',
      `\`${ref.plan.file}\` holds no resource \`${address}\``,
      ref.at,
      didYouMean(
        close,
        `the ${ref.plan.kind} holds ${ref.plan.resources.size} resources; addresses include modules and indexes, such as \`module.data.aws_s3_bucket_policy.this[0]\``,
      ),
    ),
  );
  return undefined;
}

/** The policy of `resource` at `attribute` (default: its type's first), or its inline policy `name`. */
export function policyOf(
  ref: Reference,
  resource: TerraformResource,
  options: { attribute?: string | undefined; name?: string | undefined },
): PolicyFile | undefined {
  const where = `\`${ref.plan.file}\`: \`${resource.address}\``;
  const attributes = policyAttributes[resource.type];
  if (attributes === undefined) {
    ref.diagnostics.push(
      diagnostic(
        'SOURCE_NO_POLICY',
        `${where} is an \`${resource.type}\`, which holds no policy iamspec reads`,
        ref.at,
        `policy resources: ${Object.keys(policyAttributes)
          .map((t) => `\`${t}\``)
          .join(', ')}; a role or user is a principal`,
      ),
    );
    return undefined;
  }
  if (options.name !== undefined) return inlinePolicy(ref, resource, options.name);
  if (resource.type === 'aws_lambda_permission') return lambdaPermission(ref, resource);
  if (
    resource.type === 'aws_organizations_policy' &&
    typeof resource.values.type === 'string' &&
    !/^(SERVICE|RESOURCE)_CONTROL_POLICY$/.test(resource.values.type)
  ) {
    ref.diagnostics.push(
      diagnostic(
        'SOURCE_NO_POLICY',
        `${where} is a \`${resource.values.type}\`, not an SCP or RCP`,
        ref.at,
        'an organization policy of type `SERVICE_CONTROL_POLICY` or `RESOURCE_CONTROL_POLICY` is an IAM policy',
      ),
    );
    return undefined;
  }
  const attribute = options.attribute ?? attributes[0];
  if (!attributes.includes(attribute)) {
    ref.diagnostics.push(
      diagnostic(
        'SOURCE_NO_POLICY',
        `${where}: \`${attribute}\` is not a policy attribute of \`${resource.type}\``,
        ref.at,
        didYouMean(suggest(attribute, attributes), `expected ${attributes.map((a) => `\`${a}\``).join(' or ')}`),
      ),
    );
    return undefined;
  }
  const file = documentAt(ref, resource, [attribute]);
  if (file && resource.type === 'aws_organizations_policy') {
    const type = resource.values.type === 'RESOURCE_CONTROL_POLICY' ? 'RESOURCE_CONTROL_POLICY' : 'SERVICE_CONTROL_POLICY';
    file.control = { kind: type === 'RESOURCE_CONTROL_POLICY' ? 'rcp' : 'scp', what: `\`type\` \`${type}\` in \`${ref.plan.file}\`` };
  }
  return file;
}

/** The policy document string at `path` of the resource's values. */
export function documentAt(
  ref: Reference,
  resource: TerraformResource,
  path: readonly PathStep[],
  label = path.join('.'),
): PolicyFile | undefined {
  const value = valueAt(resource.values, path);
  const where = `\`${ref.plan.file}\`: \`${resource.address}\``;
  if (typeof value !== 'string') {
    if (isUnknown(ref.plan, resource.address, path)) ref.diagnostics.push(unknownValue(ref, resource, label));
    else
      ref.diagnostics.push(
        diagnostic(
          'SOURCE_NO_POLICY',
          `${where} has no \`${label}\``,
          ref.at,
          'the attribute is not set in the plan; set it in the configuration, or pick another resource',
        ),
      );
    return undefined;
  }
  const literal = locate(ref.plan.text, [...resource.path, ...path]);
  const result = embeddedPolicy(ref.plan, literal, value, `${where}: \`${label}\``);
  ref.diagnostics.push(...result.diagnostics);
  return result.value;
}

/** UNKNOWN_VALUE: the plan knows `attribute` of `resource` only after apply. */
export function unknownValue(ref: Reference, resource: TerraformResource, attribute: string, help?: string): Diagnostic {
  return diagnostic(
    'UNKNOWN_VALUE',
    `\`${ref.plan.file}\`: \`${resource.address}\`: \`${attribute}\` is known only after apply`,
    ref.at,
    help ??
      'apply the plan and give the state (`terraform show -json` after apply), or write the value in the scenario (`vars`) instead of taking it from the plan',
  );
}

function inlinePolicy(ref: Reference, resource: TerraformResource, name: string): PolicyFile | undefined {
  const inline = Array.isArray(resource.values.inline_policy) ? (resource.values.inline_policy as unknown[]) : [];
  const names = inline
    .map((p) => (p && typeof p === 'object' ? (p as Record<string, unknown>).name : undefined))
    .filter((n): n is string => typeof n === 'string' && n !== '');
  const index = inline.findIndex((p) => p && typeof p === 'object' && (p as Record<string, unknown>).name === name);
  if (index < 0) {
    const where = `\`${ref.plan.file}\`: \`${resource.address}\``;
    if (isUnknown(ref.plan, resource.address, ['inline_policy'])) ref.diagnostics.push(unknownValue(ref, resource, 'inline_policy'));
    else
      ref.diagnostics.push(
        diagnostic(
          'SOURCE_NOT_FOUND',
          `${where} has no inline policy \`${name}\``,
          ref.at,
          didYouMean(
            suggest(name, names),
            names.length > 0 ? `its inline policies: ${names.map((n) => `\`${n}\``).join(', ')}` : 'it has no `inline_policy` block',
          ),
        ),
      );
    return undefined;
  }
  return documentAt(ref, resource, ['inline_policy', index, 'policy'], `inline_policy ${name}`);
}

/** `aws_lambda_permission` → its one-statement resource policy (lambda-permission.ts), positioned at the resource in the plan. */
function lambdaPermission(ref: Reference, resource: TerraformResource): PolicyFile | undefined {
  const v = resource.values;
  for (const attribute of ['function_name', 'principal', 'action']) {
    if (typeof v[attribute] !== 'string') {
      if (isUnknown(ref.plan, resource.address, [attribute])) ref.diagnostics.push(unknownValue(ref, resource, attribute));
      else
        ref.diagnostics.push(
          diagnostic(
            'SOURCE_NO_POLICY',
            `\`${ref.plan.file}\`: \`${resource.address}\` has no \`${attribute}\``,
            ref.at,
            'a Lambda permission needs `function_name`, `principal` and `action`',
          ),
        );
      return undefined;
    }
  }
  const fn = v.function_name as string;
  if (!fn.startsWith('arn:')) {
    ref.diagnostics.push(
      diagnostic(
        'UNKNOWN_VALUE',
        `\`${ref.plan.file}\`: \`${resource.address}\`: \`function_name\` \`${fn}\` is a name, not the function's ARN`,
        ref.at,
        "the statement's Resource is the function ARN: set `function_name` to the function's ARN (`aws_lambda_function.x.arn`), or apply and use the state",
      ),
    );
    return undefined;
  }
  const optional = (key: string): string | undefined => (typeof v[key] === 'string' && v[key] !== '' ? (v[key] as string) : undefined);
  const text = lambdaPermissionDocument({
    functionArn: fn,
    principal: v.principal as string,
    action: v.action as string,
    qualifier: optional('qualifier'),
    statementId: optional('statement_id'),
    sourceArn: optional('source_arn'),
    sourceAccount: optional('source_account'),
    principalOrgId: optional('principal_org_id'),
  });
  const result = embeddedPolicy(ref.plan, locate(ref.plan.text, resource.path), text, `\`${ref.plan.file}\`: \`${resource.address}\``);
  ref.diagnostics.push(...result.diagnostics);
  return result.value;
}

/** The value at `path` of `values`. */
export function valueAt(values: unknown, path: readonly PathStep[]): unknown {
  let at = values;
  for (const step of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, unknown>)[step];
  }
  return at;
}

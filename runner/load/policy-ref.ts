/**
 * A "policy file or plan reference" named on the command line (`iamspec check policy.json`,
 * `iamspec check plan.json`): the policy documents it holds, each with the kind it is attached as
 * and positions in its own file, ready for `runner/policy/parse.ts`.
 *
 * What a file is, from its content (not its name):
 * - a mapping with a `Statement` key is one IAM policy document (JSON or YAML);
 * - a JSON object with `format_version` and `planned_values`, `values` or `resource_changes` is the
 *   output of `terraform show -json` (a plan or a state): every policy attribute its resources set
 *   (`runner/load/sources/terraform-policies.ts`, `policyAttributes`) is one document;
 * - anything else is not a policy reference (`kind: 'other'`): the caller treats it as a scenario.
 */
import { isMap } from 'yaml';
import { diagnostic, type Diagnostic, type Span } from '../diagnostics';
import { resourcePolicyTypeOf, type ResourcePolicyType } from '../policy/kind-rules';
import type { PolicyKind } from '../policy/types';
import type { PolicyFile } from './policy-file';
import { readSource } from './read';
import { MAX_PLAN_BYTES } from './sources/load-sources';
import { readTerraformPlan, type TerraformPlan, type TerraformResource } from './sources/terraform-plan';
import { policyAttributes, policyOf, type Reference } from './sources/terraform-policies';
import { keyText } from '../yaml-tree/nodes';
import { parseYaml } from './yaml';

/** One policy document of a reference, with how it is attached. */
export interface PolicyRef {
  /** A name for messages: the file for a policy file, `address` (`aws_iam_role.app`) in a plan. */
  label: string;
  kind: PolicyKind;
  /** For a resource-based policy, which one (a role trust policy, a bucket policy). */
  resourceType?: ResourcePolicyType;
  file: PolicyFile;
}

/** What a path named on the command line holds. */
export type PolicyRefResult =
  | { kind: 'policies'; policies: PolicyRef[]; diagnostics: Diagnostic[]; texts: Map<string, string> }
  /** Not a policy document or a plan (a scenario, for the caller), or unreadable (`diagnostics`). */
  | { kind: 'other'; diagnostics: Diagnostic[] };

/**
 * The kind a lone policy document is checked as: resource-based when it names a principal (a role
 * trust policy when no statement has Resource or NotResource and every action is an `sts:Assume*`
 * one), else identity-based.
 */
function kindOfDocument(root: unknown): { kind: PolicyKind; resourceType?: ResourcePolicyType } {
  const text = JSON.stringify(root === undefined ? null : (root as { toJSON?: () => unknown }).toJSON?.());
  if (!/"(Not)?Principal"\s*:/.test(text)) return { kind: 'identity' };
  const actions = [...text.matchAll(/"([a-zA-Z0-9-]+:[A-Za-z0-9*?]+)"/g)].map((m) => m[1]).filter((a) => !a.includes('::'));
  const trust =
    !/"(Not)?Resource"\s*:/.test(text) && actions.length > 0 && actions.every((a) => /^sts:(Assume|TagSession|SetSourceIdentity)/i.test(a));
  return trust ? { kind: 'resource', resourceType: 'trust' } : { kind: 'resource' };
}

/** Reads `path` (relative to `cwd`; `file` is its display path) as a policy file or a plan. */
export function loadPolicyRef(path: string, file: string): PolicyRefResult {
  const read = readSource(path, file, { maxBytes: MAX_PLAN_BYTES });
  if (read.value === undefined) return { kind: 'other', diagnostics: read.diagnostics };
  const text = read.value;
  const texts = new Map([[file, text]]);
  if (/^\s*\{/.test(text) && /"format_version"\s*:/.test(text.slice(0, 4096)) && !/"Statement"\s*:/.test(text.slice(0, 200))) {
    const at: Span = { file, start: 0, end: 0 };
    const plan = readTerraformPlan(text, file, at);
    if (!plan.value) return { kind: 'policies', policies: [], diagnostics: plan.diagnostics, texts };
    const diagnostics: Diagnostic[] = [...plan.diagnostics];
    return { kind: 'policies', policies: planPolicies(plan.value, at, diagnostics), diagnostics, texts };
  }
  const parsed = parseYaml(text, file);
  if (!parsed.value) return { kind: 'other', diagnostics: [] };
  const root = parsed.value.root;
  const isPolicy = isMap(root) && root.items.some((p) => keyText(p.key, parsed.value!.document) === 'Statement');
  if (!isPolicy) return { kind: 'other', diagnostics: [] };
  if (parsed.diagnostics.length > 0) return { kind: 'policies', policies: [], diagnostics: parsed.diagnostics, texts };
  return {
    kind: 'policies',
    policies: [{ label: file, ...kindOfDocument(root), file: { file, parsed: parsed.value } }],
    diagnostics: [],
    texts,
  };
}

/** The kind a plan resource's policy is attached as. */
function kindOfResource(resource: TerraformResource, file: PolicyFile): { kind: PolicyKind; resourceType?: ResourcePolicyType } {
  switch (resource.type) {
    case 'aws_iam_role':
      return { kind: 'resource', resourceType: 'trust' };
    case 'aws_organizations_policy':
      return { kind: resource.values.type === 'RESOURCE_CONTROL_POLICY' ? 'rcp' : 'scp' };
    case 'aws_iam_policy':
    case 'aws_iam_role_policy':
    case 'aws_iam_user_policy':
    case 'aws_iam_group_policy':
      return { kind: 'identity' };
    case 'aws_iam_policy_document':
      return kindOfDocument(file.parsed.root);
    case 'aws_s3_bucket':
    case 'aws_s3_bucket_policy':
      return { kind: 'resource', resourceType: 'bucket' };
    default: {
      const arn = typeof resource.values.arn === 'string' ? resource.values.arn : undefined;
      return { kind: 'resource', resourceType: resourcePolicyTypeOf(arn) };
    }
  }
}

/** Every policy document the plan's resources set; a resource whose policy attribute is unset holds none. */
function planPolicies(plan: TerraformPlan, at: Span, diagnostics: Diagnostic[]): PolicyRef[] {
  const out: PolicyRef[] = [];
  const ref: Reference = { plan, at, diagnostics };
  for (const resource of plan.resources.values()) {
    const attributes = policyAttributes[resource.type];
    if (attributes === undefined || attributes.length === 0) continue;
    const attribute = attributes[0];
    if (typeof resource.values[attribute] !== 'string' || resource.values[attribute] === '') continue;
    if (resource.type === 'aws_organizations_policy' && !/^(SERVICE|RESOURCE)_CONTROL_POLICY$/.test(String(resource.values.type))) continue;
    const file = policyOf(ref, resource, {});
    if (!file) continue;
    out.push({ label: resource.address, ...kindOfResource(resource, file), file });
  }
  if (out.length === 0 && diagnostics.length === 0) {
    diagnostics.push(
      diagnostic(
        'SOURCE_NO_POLICY',
        `\`${plan.file}\` sets no policy iamspec reads`,
        at,
        'policy resources: ' + Object.keys(policyAttributes).join(', '),
      ),
    );
  }
  return out;
}

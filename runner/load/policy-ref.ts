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
 *
 * A policy file is read as a scenario's policy file is (runner/load/policy-file.ts,
 * `parsePolicyFileText`: `*.json` as strict JSON, any other name as YAML; keys given twice are
 * errors), with the same diagnostics as `iamspec test` gives for it.
 *
 * `iamspec diff` reads its references with the same pieces: {@link splitReference},
 * `parsePolicyFileText`, {@link kindOfTree} and {@link loadPlanPolicy} (`plan.json#aws_iam_policy.app`).
 */
import { isMap } from 'yaml';
import { diagnostic, type Diagnostic, type Span } from '../diagnostics';
import { resourcePolicyTypeOf, type ResourcePolicyType } from '../policy/kind-rules';
import type { PolicyKind } from '../policy/types';
import { parsePolicyFileText, type PolicyFile } from './policy-file';
import { readSource } from './read';
import { MAX_PLAN_BYTES } from './sources/load-sources';
import { readTerraformPlan, type TerraformPlan, type TerraformResource } from './sources/terraform-plan';
import { findResource, policyAttributes, policyOf, type Reference } from './sources/terraform-policies';
import { keyText } from '../yaml-tree/nodes';
import { toPlain, type ParsedYaml } from './yaml';

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

/** A policy kind, and for a resource-based policy which one when the document alone tells. */
export interface DocumentKind {
  kind: PolicyKind;
  resourceType?: ResourcePolicyType;
}

/**
 * The kind a lone policy document (a plain value, as `JSON.parse` gives it) is read as:
 * resource-based when a statement names a Principal or NotPrincipal, else identity-based
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html:
 * "You cannot use the Principal element in an identity-based policy"). A resource-based one is a
 * role trust policy when no statement has Resource or NotResource and every action is one a trust
 * policy grants: `sts:AssumeRole*`, and beside it `sts:TagSession`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html, "Permissions required to
 * add session tags") or `sts:SetSourceIdentity`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html).
 * Used by `iamspec check` (kind and resource type) and `iamspec diff` (kind).
 */
export function kindOfDocument(document: unknown): DocumentKind {
  const statements = statementsOf(document);
  if (!statements.some((s) => 'Principal' in s || 'NotPrincipal' in s)) return { kind: 'identity' };
  const actions = statements.flatMap((s) => [s.Action, s.NotAction].flat()).filter((a) => a !== undefined);
  const trust =
    !statements.some((s) => 'Resource' in s || 'NotResource' in s) &&
    actions.length > 0 &&
    actions.every((a) => typeof a === 'string' && /^sts:(Assume|TagSession|SetSourceIdentity)/i.test(a));
  return trust ? { kind: 'resource', resourceType: 'trust' } : { kind: 'resource' };
}

/**
 * {@link kindOfDocument} of a parsed policy document, from its tree (aliases expanded, within the
 * loader's bounds); identity-based when the tree cannot be read as plain values (a bound hit, a
 * key given twice: the document is then an error anyway).
 */
export function kindOfTree(parsed: ParsedYaml): DocumentKind {
  const plain = toPlain(parsed);
  return plain.value === undefined ? { kind: 'identity' } : kindOfDocument(plain.value);
}

/** The statements of a document that are mappings (`Statement` is one statement or a list). */
function statementsOf(document: unknown): Record<string, unknown>[] {
  const statement = (document as { Statement?: unknown } | null | undefined)?.Statement;
  const list: unknown[] = Array.isArray(statement) ? statement : [statement];
  return list.filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null && !Array.isArray(s));
}

/** Splits a reference `plan.json#aws_iam_policy.app` into its file and resource address. */
export function splitReference(reference: string): { path: string; address?: string } {
  const hash = reference.indexOf('#');
  return hash < 0 ? { path: reference } : { path: reference.slice(0, hash), address: reference.slice(hash + 1) };
}

/** Reads `path` (relative to `cwd`; `file` is its display path) as a policy file or a plan. */
export function loadPolicyRef(path: string, file: string): PolicyRefResult {
  const read = readSource(path, file, { maxBytes: MAX_PLAN_BYTES });
  if (read.value === undefined) return { kind: 'other', diagnostics: read.diagnostics };
  const text = read.value;
  const texts = new Map([[file, text]]);
  if (/^\s*\{/.test(text) && /"format_version"\s*:/.test(text.slice(0, 4096)) && !/"Statement"\s*:/.test(text.slice(0, 200))) {
    const plan = readPlan(text, file);
    if (!plan.value) return { kind: 'policies', policies: [], diagnostics: plan.diagnostics, texts };
    const diagnostics: Diagnostic[] = [...plan.diagnostics];
    return { kind: 'policies', policies: planPolicies(plan.value, plan.at, diagnostics), diagnostics, texts };
  }
  // Read as a scenario's `policies: {p: {file: ...}}` is: the same reader, the same diagnostics.
  const parsed = parsePolicyFileText(text, file, path);
  // A `.json` file is never a scenario (runner/load/discover.ts): one that does not parse is a
  // policy file with a syntax error.
  if (!parsed.value) {
    return /\.json$/i.test(path)
      ? { kind: 'policies', policies: [], diagnostics: parsed.diagnostics, texts }
      : { kind: 'other', diagnostics: [] };
  }
  const tree = parsed.value;
  const root = tree.root;
  const isPolicy = isMap(root) && root.items.some((p) => keyText(p.key, tree.document) === 'Statement');
  if (!isPolicy) return { kind: 'other', diagnostics: [] };
  if (parsed.diagnostics.length > 0) return { kind: 'policies', policies: [], diagnostics: parsed.diagnostics, texts };
  return {
    kind: 'policies',
    policies: [{ label: file, ...kindOfTree(tree), file: { file, parsed: tree } }],
    diagnostics: [],
    texts,
  };
}

/**
 * The policy document of one resource of a Terraform plan or state (`text`, shown as `file`): the
 * resource at `address` and its first policy attribute (`runner/load/sources/terraform-policies.ts`),
 * attached as {@link kindOfResource} says. Without a document, `diagnostics` say why: the plan's
 * own, then the resource's (no such address, no policy attribute, a value known only after apply).
 */
export function loadPlanPolicy(text: string, file: string, address: string): { policy?: PolicyRef; diagnostics: Diagnostic[] } {
  const plan = readPlan(text, file);
  if (!plan.value) return { diagnostics: plan.diagnostics };
  const ref: Reference = { plan: plan.value, at: plan.at, diagnostics: [] };
  const resource = findResource(ref, address);
  const doc = resource && policyOf(ref, resource, {});
  const diagnostics = [...plan.diagnostics, ...ref.diagnostics];
  if (!resource || !doc) return { diagnostics };
  return { policy: { label: address, ...kindOfResource(resource, doc), file: doc }, diagnostics };
}

/** A plan or state read from its text, positioned at the start of its file (a plan has no better place for its errors). */
function readPlan(text: string, file: string): ReturnType<typeof readTerraformPlan> & { at: Span } {
  const at: Span = { file, start: 0, end: 0 };
  return { ...readTerraformPlan(text, file, at), at };
}

/** The kind a plan resource's policy is attached as. */
function kindOfResource(resource: TerraformResource, file: PolicyFile): DocumentKind {
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
      return kindOfTree(file.parsed);
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

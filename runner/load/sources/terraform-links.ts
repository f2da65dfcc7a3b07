/**
 * Whether a resource of a plan links something to a principal or resource: an attachment's
 * `role`, a membership's `user`, a bucket policy's `bucket`. A known value links by name. A value
 * the plan knows only after apply is decided by the configuration's `references` ("Expression
 * Representation" of https://developer.hashicorp.com/terraform/internals/json-format: each
 * reference is a string such as `local.role_name`, `var.name`, `module.roles.name`,
 * `data.aws_iam_role.x.name`, or `aws_iam_role.app.name` listed with `aws_iam_role.app`):
 *
 * - a reference to the owner's own resource links it;
 * - a reference to another resource of the owner's type proves it names another entity;
 * - anything else (locals, variables, module outputs, data sources, `each.value`, other resource
 *   types, no configuration) cannot be decided, and is an UNKNOWN_VALUE: unknown values never
 *   become guesses, least of all a silently dropped Deny.
 *
 * `count.index`, `each.key`, `path.*` and `terraform.workspace` are known while planning, so they
 * never make a value unknown and are skipped.
 */
import { diagnostic, type Span } from '../../diagnostics';
import { locate, type PathStep } from './json-locate';
import { expressionsOf, record, type TerraformPlan, type TerraformResource } from './terraform-plan';
import type { Reference } from './terraform-policies';

/** The principal or resource that `field` of a candidate may name. */
export interface Owner {
  /** The owner's resource type (`aws_iam_role`, `aws_iam_group`, `aws_s3_bucket`). */
  type: string;
  /** Its resource in the plan, when it has one (a group may be named without one). */
  resource?: TerraformResource | undefined;
  /** The value that names it in `field` (a name, a URL), when known. */
  key?: string | undefined;
  /** The attribute of its resource that `field` holds: `name` (default), `bucket`, `arn`, `url`. */
  attribute?: string | undefined;
  /** How the diagnostic names it: `` `aws_iam_role.app` `` or `` the group `ops` of `aws_iam_user.dev` ``. */
  label: string;
}

/** Keywords whose references are known while planning. */
const alwaysKnown = /^(count\.index|each\.key|path\.|terraform\.workspace)/;
/** A managed resource reference: `type.name`, an optional instance key, then attributes. */
const resourceReference = /^([A-Za-z_][\w-]*\.[A-Za-z_][\w-]*)(\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?/;
const notResource = /^(local|var|module|data|each|count|path|terraform|self)\./;

/**
 * True when `candidate`'s `field` links the owner. When the field is unknown and its references
 * cannot tell, an UNKNOWN_VALUE positioned at the field in the plan is added, and false returned.
 */
export function links(ref: Reference, candidate: TerraformResource, field: string, owner: Owner): boolean {
  const value = candidate.values[field];
  if (owner.key !== undefined && (value === owner.key || (Array.isArray(value) && value.includes(owner.key)))) return true;
  const refs = referencesOf(ref.plan, candidate, field);
  const undecided: string[] = [];
  for (const r of refs) {
    if (alwaysKnown.test(r)) continue;
    const targets = resolve(ref.plan, candidate, r);
    if (owner.resource !== undefined && targets.includes(owner.resource)) return true;
    if (targets.length === 0 || !targets.every((t) => provesOther(t, owner))) undecided.push(r);
  }
  const unknownAt = unknownPath(ref.plan, candidate.address, field);
  if (unknownAt === undefined) return false;
  if (refs.length > 0 && undecided.length === 0) return false;
  const why =
    undecided.length > 0
      ? `its configuration (${dedupe(undecided)
          .map((r) => `\`${r}\``)
          .join(', ')}) cannot tell whether it names ${owner.label}`
      : `the plan holds no configuration that tells whether it names ${owner.label}`;
  ref.diagnostics.push(
    diagnostic(
      'UNKNOWN_VALUE',
      `\`${ref.plan.file}\`: \`${candidate.address}\`: \`${field}\` is known only after apply, and ${why}`,
      spanAt(ref, unknownAt),
      `apply the plan and give the state (\`terraform show -json\` after apply), or give the value: write \`${field}\` as the value itself or as a reference to the resource (\`${owner.resource?.address ?? `${owner.type}.NAME`}.${owner.attribute ?? 'name'}\`), not through a local, variable, module output or data source`,
    ),
  );
  return false;
}

/**
 * The names in `field` of a candidate (a membership's `groups` or `group`), with those the
 * configuration gives through resources of `type` whose name is known. A name it cannot give
 * is an UNKNOWN_VALUE.
 */
export function namesIn(ref: Reference, candidate: TerraformResource, field: string, type: string, label: string): string[] {
  const value = candidate.values[field];
  const names = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  const unknownAt = unknownPath(ref.plan, candidate.address, field);
  if (unknownAt === undefined) return names;
  const undecided: string[] = [];
  const refs = referencesOf(ref.plan, candidate, field);
  for (const r of refs) {
    if (alwaysKnown.test(r)) continue;
    const targets = resolve(ref.plan, candidate, r);
    const known = targets.map((t) => (t.type === type && typeof t.values.name === 'string' ? t.values.name : undefined));
    if (targets.length === 0 || known.includes(undefined)) undecided.push(r);
    else for (const n of known) if (n !== undefined && !names.includes(n)) names.push(n);
  }
  if (refs.length === 0 || undecided.length > 0) {
    const why =
      undecided.length > 0
        ? `its configuration (${dedupe(undecided)
            .map((r) => `\`${r}\``)
            .join(', ')}) cannot tell which ${label} it names`
        : `the plan holds no configuration that tells which ${label} it names`;
    ref.diagnostics.push(
      diagnostic(
        'UNKNOWN_VALUE',
        `\`${ref.plan.file}\`: \`${candidate.address}\`: \`${field}\` is known only after apply, and ${why}`,
        spanAt(ref, unknownAt),
        `apply the plan and give the state (\`terraform show -json\` after apply), or give the value: write \`${field}\` as names or as references to the resources (\`${type}.NAME.name\`), not through a local, variable, module output or data source`,
      ),
    );
  }
  return names;
}

/** True when `target` is another entity of the owner's type than the owner. */
function provesOther(target: TerraformResource, owner: Owner): boolean {
  if (target.type !== owner.type) return false;
  if (owner.resource !== undefined) return target !== owner.resource;
  // Only a name: a resource of the type whose name is known and different.
  return typeof target.values.name === 'string' && target.values.name !== owner.key;
}

/** The `references` of the candidate's configuration expression for `field`. */
function referencesOf(plan: TerraformPlan, candidate: TerraformResource, field: string): string[] {
  const expression = record(expressionsOf(plan, candidate)[field]);
  return Array.isArray(expression?.references) ? expression.references.filter((r): r is string => typeof r === 'string') : [];
}

/** The resource instances a reference names, in the candidate's module; none for non-resources. */
function resolve(plan: TerraformPlan, candidate: TerraformResource, reference: string): TerraformResource[] {
  if (notResource.test(reference)) return [];
  const m = resourceReference.exec(reference);
  if (!m) return [];
  const prefix = candidate.module === '' ? '' : `${candidate.module}.`;
  const base = prefix + m[1];
  const exact = plan.resources.get(base + (m[2] ?? ''));
  if (exact) return [exact];
  return m[2] === undefined ? [...(plan.instances.get(base) ?? [])] : [];
}

/**
 * Where `after_unknown` marks `field` (or one of its elements) of the resource change, as a path
 * from the top of the plan; undefined when the value is known.
 */
function unknownPath(plan: TerraformPlan, address: string, field: string): PathStep[] | undefined {
  const at = plan.unknownAt.get(address);
  const marks = record(plan.unknown.get(address))?.[field];
  if (at === undefined || marks === undefined) return undefined;
  if (marks === true) return [...at, field];
  if (Array.isArray(marks)) {
    const i = marks.findIndex((m) => m === true);
    if (i >= 0) return [...at, field, i];
  }
  return undefined;
}

function spanAt(ref: Reference, path: PathStep[]): Span {
  const range = locate(ref.plan.text, path);
  return range ? { file: ref.plan.file, start: range.start, end: range.end } : ref.at;
}

function dedupe(refs: string[]): string[] {
  // `aws_x.y.name` is listed with `aws_x.y`: keep the longest form of each.
  return refs.filter((r) => !refs.some((o) => o !== r && o.startsWith(`${r}.`)));
}

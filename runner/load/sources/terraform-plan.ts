/**
 * Reading `terraform show -json` output, of a plan or of a state, into an index of resource
 * instances by address. The format is HashiCorp's "JSON Output Format"
 * (https://developer.hashicorp.com/terraform/internals/json-format):
 *
 * - "Values Representation": `planned_values` (a plan) or `values` (a state) holds `root_module`
 *   with `resources` (each with `address`, `mode`, `type`, `name`, `index`, `values`) and
 *   `child_modules`, nested the same way; addresses are absolute (`module.data.aws_s3_bucket_policy.this[0]`).
 *   "Unknown values are omitted" from `values`.
 * - "Change Representation": `resource_changes[].change.after_unknown` mirrors `after` with `true`
 *   where a value is known only after apply.
 * - "Configuration Representation": `configuration.root_module.resources[].expressions` gives each
 *   argument's `constant_value` or `references` (`["aws_iam_policy.app.arn", "aws_iam_policy.app"]`),
 *   relative to the module; `module_calls.NAME.module` nests modules.
 * - "We will increment the major version … Reject any input which reports an unsupported major
 *   version" (Format Summary): a `format_version` other than 1.x is refused.
 */
import { diagnostic, type Diagnostic, type Span } from '../../diagnostics';
import type { PathStep } from './json-locate';

/** One resource instance of a plan or state. */
export interface TerraformResource {
  /** Absolute address, such as `module.data.aws_s3_bucket_policy.this[0]`. */
  address: string;
  /** The module instance it belongs to (`''` for the root module, `module.data`, `module.a["x"]`). */
  module: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  values: Record<string, unknown>;
  /** JSON path of `values` in the file, for positions. */
  path: PathStep[];
}

/** A plan or state, indexed. */
export interface TerraformPlan {
  /** Display path of the file. */
  file: string;
  text: string;
  kind: 'plan' | 'state';
  resources: ReadonlyMap<string, TerraformResource>;
  /** The instances of a resource with `count` or `for_each`, by its address without the key. */
  instances: ReadonlyMap<string, readonly TerraformResource[]>;
  /** `after_unknown` by address (plans only). */
  unknown: ReadonlyMap<string, unknown>;
  /** Where each `after_unknown` is in the file, by address (plans only). */
  unknownAt: ReadonlyMap<string, PathStep[]>;
  /**
   * Configuration expressions by configuration address: the module path without instance keys
   * plus `type.name` (`module.data.aws_iam_policy.p`), or `data.type.name` for a data source.
   */
  expressions: ReadonlyMap<string, Record<string, unknown>>;
}

/** Parses and indexes `text` (the display path `file`); `at` is where the scenario names it. */
export function readTerraformPlan(text: string, file: string, at: Span): { value?: TerraformPlan; diagnostics: Diagnostic[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const position = /position (\d+)/.exec(String(e))?.[1];
    const start = position === undefined ? 0 : Math.min(Number(position), text.length);
    const span: Span = { file, start, end: Math.min(start + 1, text.length) };
    return {
      diagnostics: [
        diagnostic(
          'BAD_SOURCE',
          `\`${file}\` is not JSON: ${String((e as Error).message).split('\n')[0]}`,
          span,
          'give the output of `terraform show -json PLANFILE` (or of `terraform show -json` for the state)',
        ),
      ],
    };
  }
  const top = record(json);
  const version = typeof top?.format_version === 'string' ? top.format_version : undefined;
  if (!top || version === undefined || !version.startsWith('1.')) {
    const what = version === undefined ? 'has no `format_version`' : `has \`format_version\` \`${version}\``;
    return {
      diagnostics: [
        diagnostic(
          'BAD_SOURCE',
          `\`${file}\` ${what}: not the JSON output of \`terraform show -json\` (format 1.x)`,
          at,
          'give the output of `terraform show -json PLANFILE` (or of `terraform show -json` for the state)',
        ),
      ],
    };
  }
  const kind = record(top.planned_values) ? 'plan' : 'state';
  const rootKey = kind === 'plan' ? 'planned_values' : 'values';
  const resources = new Map<string, TerraformResource>();
  const rootModule = record(record(top[rootKey])?.root_module);
  if (rootModule) indexModule(rootModule, '', [rootKey, 'root_module'], resources);
  const unknown = new Map<string, unknown>();
  const unknownAt = new Map<string, PathStep[]>();
  if (Array.isArray(top.resource_changes)) {
    top.resource_changes.forEach((change, i) => {
      const c = record(change);
      const after = record(c?.change)?.after_unknown;
      if (typeof c?.address !== 'string' || after === undefined) return;
      unknown.set(c.address, after);
      unknownAt.set(c.address, ['resource_changes', i, 'change', 'after_unknown']);
    });
  }
  const expressions = new Map<string, Record<string, unknown>>();
  const configRoot = record(record(top.configuration)?.root_module);
  if (configRoot) indexConfiguration(configRoot, '', expressions);
  const instances = new Map<string, TerraformResource[]>();
  for (const r of resources.values()) {
    const base = /^(.*)\[(?:"(?:[^"\\]|\\.)*"|\d+)\]$/.exec(r.address)?.[1];
    if (base === undefined) continue;
    const list = instances.get(base);
    if (list) list.push(r);
    else instances.set(base, [r]);
  }
  return { value: { file, text, kind, resources, instances, unknown, unknownAt, expressions }, diagnostics: [] };
}

function indexModule(module: Record<string, unknown>, address: string, path: PathStep[], out: Map<string, TerraformResource>): void {
  const resources = Array.isArray(module.resources) ? module.resources : [];
  resources.forEach((r, i) => {
    const res = record(r);
    if (!res || typeof res.address !== 'string' || typeof res.type !== 'string') return;
    out.set(res.address, {
      address: res.address,
      module: address,
      mode: res.mode === 'data' ? 'data' : 'managed',
      type: res.type,
      name: typeof res.name === 'string' ? res.name : '',
      values: record(res.values) ?? {},
      path: [...path, 'resources', i, 'values'],
    });
  });
  const children = Array.isArray(module.child_modules) ? module.child_modules : [];
  children.forEach((c, i) => {
    const child = record(c);
    if (child && typeof child.address === 'string') indexModule(child, child.address, [...path, 'child_modules', i], out);
  });
}

function indexConfiguration(module: Record<string, unknown>, prefix: string, out: Map<string, Record<string, unknown>>): void {
  for (const r of Array.isArray(module.resources) ? module.resources : []) {
    const res = record(r);
    if (res && typeof res.address === 'string') out.set(prefix + res.address, record(res.expressions) ?? {});
  }
  for (const [name, call] of Object.entries(record(module.module_calls) ?? {})) {
    const child = record(record(call)?.module);
    if (child) indexConfiguration(child, `${prefix}module.${name}.`, out);
  }
}

/** The module path of an address without instance keys: `module.a["x"].module.b[0]` → `module.a.module.b`. */
export function withoutKeys(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|\d+)\]/g, '');
}

/** A value as a plain object, or undefined. */
export function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * True when the plan knows `path` of the resource only after apply: `after_unknown` holds `true`
 * at the path, or at a list or object above it.
 */
export function isUnknown(plan: TerraformPlan, address: string, path: readonly PathStep[]): boolean {
  let at: unknown = plan.unknown.get(address);
  for (const step of path) {
    if (at === true) return true;
    if (at === null || typeof at !== 'object') return false;
    at = (at as Record<string | number, unknown>)[step];
  }
  return at === true;
}

/** The configuration expressions of a resource instance. */
export function expressionsOf(plan: TerraformPlan, resource: TerraformResource): Record<string, unknown> {
  const local = resource.mode === 'data' ? `data.${resource.type}.${resource.name}` : `${resource.type}.${resource.name}`;
  const module = withoutKeys(resource.module);
  return plan.expressions.get(module === '' ? local : `${module}.${local}`) ?? {};
}

/**
 * The resource instances an argument's configuration references, in the resource's own module:
 * `policy_arn = aws_iam_policy.app.arn` → `["aws_iam_policy.app.arn", "aws_iam_policy.app"]` →
 * the instance `aws_iam_policy.app` (or `module.m.aws_iam_policy.app[0]`, ... for each instance).
 */
export function referencedResources(plan: TerraformPlan, resource: TerraformResource, argument: string): TerraformResource[] {
  const expression = record(expressionsOf(plan, resource)[argument]);
  const refs = Array.isArray(expression?.references) ? expression.references.filter((r): r is string => typeof r === 'string') : [];
  const prefix = resource.module === '' ? '' : `${resource.module}.`;
  const out = new Map<string, TerraformResource>();
  for (const ref of refs) {
    const exact = plan.resources.get(prefix + ref);
    if (exact) {
      out.set(exact.address, exact);
      continue;
    }
    // A reference without an instance key to a resource with `count` or `for_each`.
    for (const r of plan.instances.get(prefix + ref) ?? []) out.set(r.address, r);
  }
  return [...out.values()];
}

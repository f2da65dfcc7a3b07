/**
 * One loaded service: the service file turned into the public types, with the lookup maps built
 * once so the engine's and planner's hot loops do map lookups, not scans.
 */
import type { ServiceFile } from './data-format';
import { bySpecificity, compileTemplate, isTemplate, type TemplateMatcher } from './templates';
import type { ActionInfo, ConditionKeyInfo, ResourceTypeInfo, ServiceNote } from './types';

/** A template and what it stands for. */
export interface Compiled<T> {
  info: T;
  matcher: TemplateMatcher;
}

/** A loaded service. */
export interface ServiceView {
  prefix: string;
  name: string;
  /** Sorted by name. */
  actions: ActionInfo[];
  /** Lowercased action name → action. */
  actionsByName: Map<string, ActionInfo>;
  /** Sorted by name. */
  resourceTypes: ResourceTypeInfo[];
  /** Resource type name → resource type. */
  resourceTypesByName: Map<string, ResourceTypeInfo>;
  /** Resource types with compiled ARN templates, most specific first. */
  arnTemplates: Compiled<ResourceTypeInfo>[];
  /** Sorted by key. */
  conditionKeys: ConditionKeyInfo[];
  /** Lowercased key (template spelling) → key. */
  keysByName: Map<string, ConditionKeyInfo>;
  /** Keys with variable parts, most specific first. */
  keyTemplates: Compiled<ConditionKeyInfo>[];
  /** Per action, the lowercased keys it lists itself (see {@link resourceTypeKeys} for the rest). */
  actionKeys: WeakMap<ActionInfo, Set<string>>;
  /** Per resource type name, the lowercased keys of the type, which its actions support too. */
  resourceTypeKeys: Map<string, Set<string>>;
  notes: ServiceNote[];
  /** ARN → its most specific resource types (several only on a tie); bounded, see {@link typesOfArn}. */
  arnCache: Map<string, ResourceTypeInfo[]>;
}

/** Builds the view of one service file. */
export function buildServiceView(file: ServiceFile): ServiceView {
  const prefix = file.prefix;
  const actions: ActionInfo[] = [];
  const actionsByName = new Map<string, ActionInfo>();
  const actionKeys = new WeakMap<ActionInfo, Set<string>>();
  for (const name of Object.keys(file.actions).sort()) {
    const r = file.actions[name];
    const info: ActionInfo = {
      service: prefix,
      name,
      id: `${prefix}:${name}`,
      description: r.description,
      accessLevel: r.accessLevel,
      accessLevels: r.accessLevels ?? [r.accessLevel],
      resourceTypes: (r.resourceTypes ?? []).map(([n, required, keys]) => ({ name: n, required, conditionKeys: keys ?? [] })),
      conditionKeys: r.conditionKeys ?? [],
      dependentActions: r.dependentActions ?? [],
    };
    actions.push(info);
    actionsByName.set(name.toLowerCase(), info);
    actionKeys.set(info, new Set(info.conditionKeys.map((k) => k.toLowerCase())));
  }
  const resourceTypes = Object.keys(file.resourceTypes)
    .sort()
    .map((name): ResourceTypeInfo => ({
      service: prefix,
      name,
      arn: file.resourceTypes[name].arn,
      conditionKeys: file.resourceTypes[name].conditionKeys ?? [],
    }));
  // An action supports its own keys and the keys of the resource types it acts on: the
  // reference's resource types table lists, per type, the condition keys a request on a
  // resource of that type carries (Service Authorization Reference, "Actions, resources, and
  // condition keys for AWS services", section "The resource types table",
  // https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
  // So `rds:DatabaseEngine` (a key of the `db` type) applies to `rds:AddTagsToResource` on a db.
  // The type's keys are kept once per type, not copied into each action's set (ec2's actions
  // name up to 20 types each: copying tripled the time to load every service).
  const resourceTypeKeys = new Map(resourceTypes.map((r) => [r.name, new Set(r.conditionKeys.map((k) => k.toLowerCase()))]));
  const arnTemplates = resourceTypes
    .map((info) => ({ info, matcher: compileTemplate(info.arn, { ignoreCase: false }) }))
    .sort((a, b) => bySpecificity(a.matcher, b.matcher) || (a.info.name < b.info.name ? -1 : 1));
  const conditionKeys = Object.keys(file.conditionKeys)
    .sort()
    .map((key): ConditionKeyInfo => {
      const r = file.conditionKeys[key];
      const info: ConditionKeyInfo = { key, type: r.type, description: r.description, service: prefix };
      if (r.otherTypes) info.otherTypes = r.otherTypes;
      return info;
    });
  return {
    prefix,
    name: file.name,
    actions,
    actionsByName,
    resourceTypes,
    resourceTypesByName: new Map(resourceTypes.map((r) => [r.name, r])),
    arnTemplates,
    conditionKeys,
    keysByName: new Map(conditionKeys.map((k) => [k.key.toLowerCase(), k])),
    keyTemplates: compileKeyTemplates(conditionKeys),
    actionKeys,
    resourceTypeKeys,
    notes: file.notes ?? [],
    arnCache: new Map(),
  };
}

/** Most ARNs the cache of one service holds before it starts over. */
const arnCacheLimit = 4096;

/**
 * The resource types of this service that a concrete ARN is, most specific first: the best
 * matching template and any that tie with it ({@link bySpecificity} returns 0). An S3
 * object ARN matches the bucket template too (a bucket name variable may hold `/`), but the object
 * template has more literal text, so the ARN is an object. Results are cached per ARN because the
 * engine asks for the same ARNs in its loops.
 */
export function typesOfArn(view: ServiceView, arn: string): ResourceTypeInfo[] {
  const cached = view.arnCache.get(arn);
  if (cached) return cached;
  const best = view.arnTemplates.find((t) => t.matcher.matches(arn));
  const out = best
    ? view.arnTemplates.filter((t) => bySpecificity(t.matcher, best.matcher) === 0 && t.matcher.matches(arn)).map((t) => t.info)
    : [];
  if (view.arnCache.size >= arnCacheLimit) view.arnCache.clear();
  view.arnCache.set(arn, out);
  return out;
}

/** Compiles the keys that have variable parts, most specific first. */
export function compileKeyTemplates(keys: ConditionKeyInfo[]): Compiled<ConditionKeyInfo>[] {
  return keys
    .filter((k) => isTemplate(k.key))
    .map((info) => ({ info, matcher: compileTemplate(info.key, { ignoreCase: true }) }))
    .sort((a, b) => bySpecificity(a.matcher, b.matcher) || (a.info.key < b.info.key ? -1 : 1));
}

/** The definition of a concrete key within a set of keys: exact (case-insensitive) first, then templates. */
export function findKey(
  key: string,
  byName: Map<string, ConditionKeyInfo>,
  templates: Compiled<ConditionKeyInfo>[],
): ConditionKeyInfo | undefined {
  const exact = byName.get(key.toLowerCase());
  if (exact) return exact;
  return templates.find((t) => t.matcher.matches(key))?.info;
}

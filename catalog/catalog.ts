/**
 * The catalog loader: reads the committed `catalog/data/` synchronously and lazily. `index.json`
 * and `global-keys.json` are read at start; a service file only when a lookup first needs it (a
 * pattern whose service part has a wildcard loads every matching service).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { suggest } from '../lib/suggest';
import { oidcClaimCorrection, oidcClaimKey } from './federation-keys';
import { catalogFormatVersion, type GlobalKeysFile, type IndexFile, type ServiceFile } from './data-format';
import { buildServiceView, compileKeyTemplates, findKey, typesOfArn, type Compiled, type ServiceView } from './service-view';
import { compileTemplate, isTemplate, type TemplateMatcher } from './templates';
import type {
  AccessLevel,
  ActionInfo,
  Catalog,
  CatalogSource,
  ConditionKeyInfo,
  ResourceTypeInfo,
  ServiceNote,
  ServiceSummary,
} from './types';
import { compileWildcard, hasWildcard } from './wildcard';

/**
 * The committed data folder: `catalog/data` under the nearest folder holding `package.json`,
 * walking up from this file, so it is found from `catalog/catalog.ts` (ts-node) and from
 * `dist/catalog/catalog.js` (compiled) alike.
 */
export function defaultDataDir(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'catalog', 'data', 'index.json'))) {
      return join(dir, 'catalog', 'data');
    }
    if (dirname(dir) === dir) throw new Error(`catalog data not found above \`${from}\``);
  }
}

/** Loads the catalog from `dataDir`. Default: {@link defaultDataDir}. */
export function loadCatalog(dataDir: string = defaultDataDir()): Catalog {
  return new FileCatalog(dataDir);
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

class FileCatalog implements Catalog {
  private readonly index: IndexFile;
  private readonly summaries = new Map<string, ServiceSummary>();
  private readonly loaded = new Map<string, ServiceView>();
  private readonly globals: ConditionKeyInfo[];
  private readonly globalByName: Map<string, ConditionKeyInfo>;
  private readonly globalTemplates: Compiled<ConditionKeyInfo>[];
  private readonly prefixTemplates: { prefix: string; matcher: TemplateMatcher }[];

  constructor(private readonly dataDir: string) {
    this.index = readJson<IndexFile>(join(dataDir, 'index.json'));
    // INVARIANT: the loader reads only the format it was written for.
    if (this.index.format !== catalogFormatVersion)
      throw new Error(`catalog format ${this.index.format}, expected ${catalogFormatVersion}`);
    for (const s of this.index.services) this.summaries.set(s.prefix, s);
    const globals = readJson<GlobalKeysFile>(join(dataDir, 'global-keys.json'));
    const infos = Object.keys(globals)
      .sort()
      .map((key): ConditionKeyInfo => {
        const info: ConditionKeyInfo = { key, type: globals[key].type, description: globals[key].description, service: 'aws' };
        if (globals[key].otherTypes) info.otherTypes = globals[key].otherTypes;
        return info;
      });
    this.globals = infos;
    this.globalByName = new Map(infos.map((k) => [k.key.toLowerCase(), k]));
    this.globalTemplates = compileKeyTemplates(infos);
    this.prefixTemplates = Object.keys(this.index.keyPrefixes)
      .filter(isTemplate)
      .map((prefix) => ({ prefix, matcher: compileTemplate(prefix, { ignoreCase: true }) }));
  }

  services(): ServiceSummary[] {
    return [...this.summaries.values()];
  }

  hasService(prefix: string): boolean {
    return this.summaries.has(prefix.toLowerCase());
  }

  sources(): CatalogSource[] {
    return this.index.sources;
  }

  /** The loaded view of a service, reading its file on first use. */
  private view(prefix: string): ServiceView | undefined {
    const p = prefix.toLowerCase();
    const cached = this.loaded.get(p);
    if (cached) return cached;
    if (!this.summaries.has(p)) return undefined;
    const view = buildServiceView(readJson<ServiceFile>(join(this.dataDir, 'services', `${p}.json`)));
    this.loaded.set(p, view);
    return view;
  }

  action(id: string): ActionInfo | undefined {
    const colon = id.indexOf(':');
    if (colon < 0) return undefined;
    return this.view(id.slice(0, colon))?.actionsByName.get(id.slice(colon + 1).toLowerCase());
  }

  actionsOf(service: string): ActionInfo[] {
    return this.view(service)?.actions ?? [];
  }

  /**
   * Before/after: `secretsmanager:Get*` → GetRandomPassword, GetResourcePolicy, GetSecretValue;
   * `*` (no colon) → every action of every service; `s?s:GetCallerIdentity` → loads every
   * service whose prefix matches `s?s` (sts, sns, sqs …) and keeps their matching actions.
   */
  expandActions(pattern: string): ActionInfo[] {
    const colon = pattern.indexOf(':');
    const servicePart = colon < 0 ? pattern : pattern.slice(0, colon);
    const actionPart = colon < 0 ? '*' : pattern.slice(colon + 1);
    if (colon < 0 && pattern !== '*') return [];
    const prefixes = hasWildcard(servicePart)
      ? [...this.summaries.keys()].filter(compileWildcard(servicePart, { ignoreCase: true }))
      : [servicePart.toLowerCase()];
    const matchAction = compileWildcard(actionPart, { ignoreCase: true });
    const out: ActionInfo[] = [];
    for (const p of prefixes) {
      const view = this.view(p);
      if (!view) continue;
      if (!hasWildcard(actionPart)) {
        const a = view.actionsByName.get(actionPart.toLowerCase());
        if (a) out.push(a);
        continue;
      }
      for (const a of view.actions) if (matchAction(a.name)) out.push(a);
    }
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  actionsByAccessLevel(levels: readonly AccessLevel[], service?: string): ActionInfo[] {
    const views = service !== undefined ? [this.view(service)] : [...this.loaded.values()];
    const out: ActionInfo[] = [];
    for (const v of views) for (const a of v?.actions ?? []) if (levels.includes(a.accessLevel)) out.push(a);
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  resourceTypesOf(service: string): ResourceTypeInfo[] {
    return this.view(service)?.resourceTypes ?? [];
  }

  /** Services whose resource types may describe ARNs with this service segment, own service first. */
  private arnCandidates(arn: string): ServiceView[] {
    const segment = (arn.split(':')[2] ?? '').toLowerCase();
    const prefixes = [segment, ...(this.index.arnServices[segment] ?? [])];
    return prefixes.map((p) => this.view(p)).filter((v): v is ServiceView => v !== undefined);
  }

  resourceTypeOfArn(arn: string): ResourceTypeInfo | undefined {
    if (!arn.startsWith('arn:')) return undefined;
    for (const view of this.arnCandidates(arn)) {
      const found = typesOfArn(view, arn);
      if (found.length > 0) return found[0];
    }
    return undefined;
  }

  actionAppliesTo(action: ActionInfo, arn: string | undefined): boolean {
    if (arn === undefined || arn === '*') return action.resourceTypes.length === 0;
    if (action.resourceTypes.length === 0) return false;
    const view = this.view(action.service);
    if (!view) return false;
    // The ARN's type within the action's own service decides (typesOfArn explains specificity).
    let types = typesOfArn(view, arn);
    // A resource type of another service (rare): fall back to the ARN's own service.
    if (types.length === 0) {
      const type = this.resourceTypeOfArn(arn);
      types = type ? [type] : [];
    }
    if (action.resourceTypes.some((r) => types.some((t) => t.name === r.name))) return true;
    // A qualified ARN (the type's ARN plus `:qualifier`, such as a Lambda alias or version) is
    // still that type for its actions: "Actions that operate on a function can be restricted to a
    // specific function by function, version, or alias ARN" (Fine-tuning the Resources and
    // Conditions sections of policies, https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html),
    // while the reference lists only `function` for GetAlias or InvokeFunction. An S3 object
    // (`bucket/key`) is not a qualified bucket, so s3:ListBucket does not apply to it.
    return action.resourceTypes.some((r) => {
      const own = view.resourceTypesByName.get(r.name);
      return own !== undefined && types.some((t) => t.arn.startsWith(`${own.arn}:`));
    });
  }

  conditionKey(key: string): ConditionKeyInfo | undefined {
    const colon = key.indexOf(':');
    if (colon < 0) return undefined;
    const prefix = key.slice(0, colon).toLowerCase();
    if (prefix === 'aws') return findKey(key, this.globalByName, this.globalTemplates);
    // A multivalued OIDC claim that the STS data types as a String (federation-keys.ts).
    const corrected = oidcClaimCorrection(key);
    if (corrected) return corrected;
    for (const view of this.keyServices(prefix)) {
      const found = findKey(key, view.keysByName, view.keyTemplates);
      if (found) return found;
    }
    // A cross-service key (`lambda:SourceFunctionArn`) that its own service does not list; else an
    // OIDC provider's common claim (`token.actions.githubusercontent.com:sub`, federation-keys.ts).
    return this.globalByName.get(key.toLowerCase()) ?? oidcClaimKey(key);
  }

  /** Services that define keys with this key prefix, the same-named service first. */
  private keyServices(prefix: string): ServiceView[] {
    const names = [prefix, ...(this.index.keyPrefixes[prefix] ?? [])];
    for (const t of this.prefixTemplates) if (t.matcher.matches(prefix)) names.push(...this.index.keyPrefixes[t.prefix]);
    return names.map((p) => this.view(p)).filter((v): v is ServiceView => v !== undefined);
  }

  actionSupportsKey(action: ActionInfo, key: string): boolean {
    // Global condition keys can be used with every action ("Global condition keys can be used
    // across all AWS services", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
    // The page's cross-service keys (`ec2:SourceInstanceArn`) travel with the session's
    // credentials into requests to every service, so they apply to every action too.
    if (key.toLowerCase().startsWith('aws:') || this.globalByName.has(key.toLowerCase())) return true;
    const view = this.view(action.service);
    const own = view?.actionKeys.get(action);
    if (!view || !own) return false;
    // The action's own keys and those of its resource types (service-view.ts says why).
    const supports = (lower: string): boolean =>
      own.has(lower) || action.resourceTypes.some((r) => view.resourceTypeKeys.get(r.name)?.has(lower) === true);
    if (supports(key.toLowerCase())) return true;
    const definition = this.conditionKey(key);
    if (definition !== undefined && supports(definition.key.toLowerCase())) return true;
    // A concrete key may fit several spellings of one template: the reference lists both
    // `ssm:resourceTag/${TagKey}` and its literal `ssm:resourceTag/tag-key`, and an action may
    // name either, so `ssm:resourceTag/team` is supported when any template it fits is.
    return view.keyTemplates.some((t) => supports(t.info.key.toLowerCase()) && t.matcher.matches(key));
  }

  suggestAction(id: string): string | undefined {
    const colon = id.indexOf(':');
    // Without a service prefix there is no service to search (guessing one would read them all).
    if (colon <= 0) return undefined;
    const prefix = id.slice(0, colon);
    const name = id.slice(colon + 1);
    const service = this.hasService(prefix) ? prefix.toLowerCase() : this.suggestService(prefix);
    if (service === undefined) return undefined;
    const view = this.view(service);
    if (!view) return undefined;
    const best = suggest(
      name,
      view.actions.map((a) => a.name),
    );
    return best !== undefined ? `${view.prefix}:${best}` : undefined;
  }

  suggestService(prefix: string): string | undefined {
    return suggest(prefix, this.summaries.keys());
  }

  conditionKeysOf(service: string): ConditionKeyInfo[] {
    return this.view(service)?.conditionKeys ?? [];
  }

  globalConditionKeys(): ConditionKeyInfo[] {
    return [...this.globals];
  }

  notesOf(service: string): ServiceNote[] {
    return this.view(service)?.notes ?? [];
  }
}

/**
 * `iamspec catalog [SERVICE] [--json]`: the catalog for a person (aligned tables) or a script
 * (stable JSON, keys sorted). With a service: each action with its access level, resource types
 * (required marked `*`), condition keys and each key's type. Without: every service with its name
 * and action count. An unknown service is an input error (exit 2) with a did-you-mean.
 */
import { sortKeys } from '../lib/sort-keys';
import type { ActionInfo, Catalog, ConditionKeyInfo, ConditionKeyType } from '../catalog/types';
import { diagnosticsText, type Diagnostic } from './diagnostics';
import { didYouMean } from '../lib/suggest';

/** Options of `iamspec catalog`. */
export interface CatalogCommandOptions {
  /** Print JSON for a script instead of tables. Default: `false`. */
  json: boolean;
}

/** What the command prints and its exit code; `cli.ts` writes and exits. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: 0 | 2;
}

/** Runs `iamspec catalog [SERVICE] [--json]`. */
export function catalogCommand(catalog: Catalog, service: string | undefined, options: CatalogCommandOptions): CommandOutput {
  if (service === undefined) {
    return { stdout: options.json ? servicesJson(catalog) : servicesTable(catalog), stderr: '', exitCode: 0 };
  }
  if (!catalog.hasService(service)) {
    const d: Diagnostic = {
      code: 'UNKNOWN_SERVICE',
      severity: 'error',
      message: `unknown service \`${service}\``,
      file: 'iamspec catalog',
      help: didYouMean(catalog.suggestService(service), 'run `iamspec catalog` to list the services'),
    };
    return { stdout: '', stderr: diagnosticsText([d]), exitCode: 2 };
  }
  const view = describeService(catalog, service.toLowerCase());
  return { stdout: options.json ? serviceJson(catalog, view) : serviceTable(view), stderr: '', exitCode: 0 };
}

interface ServiceDescription {
  prefix: string;
  name: string;
  actions: ActionInfo[];
  /** Every key the actions or the service name, with its type. */
  keys: { key: string; type: ConditionKeyType | 'unknown'; description: string }[];
}

function describeService(catalog: Catalog, prefix: string): ServiceDescription {
  const summary = catalog.services().find((s) => s.prefix === prefix);
  const actions = catalog.actionsOf(prefix);
  const own = new Map<string, ConditionKeyInfo>((catalog.conditionKeysOf?.(prefix) ?? []).map((k) => [k.key, k]));
  const names = new Set<string>(own.keys());
  for (const a of actions) for (const k of a.conditionKeys) names.add(k);
  const keys = [...names].sort().map((key) => {
    const info = own.get(key) ?? catalog.conditionKey(key);
    return { key, type: info?.type ?? ('unknown' as const), description: info?.description ?? '' };
  });
  return { prefix, name: summary?.name ?? prefix, actions, keys };
}

/** Lays out rows as columns two spaces apart; the last column is not padded. */
export function alignColumns(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function servicesTable(catalog: Catalog): string {
  const rows = [['SERVICE', 'NAME', 'ACTIONS'], ...catalog.services().map((s) => [s.prefix, s.name, String(s.actionCount)])];
  return `${alignColumns(rows)}\n`;
}

function servicesJson(catalog: Catalog): string {
  return `${JSON.stringify(sortKeys({ services: catalog.services(), sources: catalog.sources() }), null, 2)}\n`;
}

function levelText(a: ActionInfo): string {
  const others = a.accessLevels.filter((l) => l !== a.accessLevel);
  return others.length > 0 ? `${a.accessLevel} (also ${others.join(', ')})` : a.accessLevel;
}

/**
 * One row per action; an action with several resource types or keys continues on the next lines
 * with the first columns blank. Each key shows its type beside it. Then a legend.
 */
function serviceTable(view: ServiceDescription): string {
  const types = new Map(view.keys.map((k) => [k.key, k.type]));
  const rows: string[][] = [['ACTION', 'ACCESS LEVEL', 'RESOURCE TYPES', 'CONDITION KEYS', 'TYPE']];
  for (const a of view.actions) {
    const resourceTypes = a.resourceTypes.length > 0 ? a.resourceTypes.map((r) => `${r.name}${r.required ? '*' : ''}`) : ['-'];
    const keys = a.conditionKeys.length > 0 ? a.conditionKeys : ['-'];
    const height = Math.max(resourceTypes.length, keys.length);
    for (let i = 0; i < height; i++) {
      const key = keys[i] ?? '';
      const type = key === '' || key === '-' ? '' : (types.get(key) ?? 'unknown');
      rows.push([i === 0 ? a.name : '', i === 0 ? levelText(a) : '', resourceTypes[i] ?? '', key, type]);
    }
  }
  return [
    `${view.prefix}: ${view.name}, ${view.actions.length} actions`,
    '',
    alignColumns(rows),
    '',
    'resource types: `*` marks a required type; `-` means the request is on `*`',
    '',
  ].join('\n');
}

function serviceJson(catalog: Catalog, view: ServiceDescription): string {
  const types = new Map(view.keys.map((k) => [k.key, k.type]));
  const arns = new Map(catalog.resourceTypesOf(view.prefix).map((r) => [r.name, r.arn]));
  const out = {
    service: { prefix: view.prefix, name: view.name },
    sources: catalog.sources(),
    actions: view.actions.map((a) => ({
      id: a.id,
      name: a.name,
      description: a.description,
      accessLevel: a.accessLevel,
      accessLevels: a.accessLevels,
      resourceTypes: a.resourceTypes.map((r) => ({
        name: r.name,
        required: r.required,
        arn: arns.get(r.name) ?? null,
        conditionKeys: r.conditionKeys,
      })),
      conditionKeys: a.conditionKeys.map((key) => ({ key, type: types.get(key) ?? 'unknown' })),
      dependentActions: a.dependentActions,
    })),
    resourceTypes: catalog.resourceTypesOf(view.prefix).map((r) => ({ name: r.name, arn: r.arn, conditionKeys: r.conditionKeys })),
    conditionKeys: view.keys,
  };
  return `${JSON.stringify(sortKeys(out), null, 2)}\n`;
}

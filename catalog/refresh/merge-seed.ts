/**
 * Merges the permissions reference seed into the service built from iam-data. The seed is authoritative for what it has:
 * for each of its actions the description, access level, resource types and dependent actions come
 * from the seed; the condition keys are the seed's plus any the data adds (newer keys such as
 * `secretsmanager:resource/Type`); actions, resource types and keys only the data has are added.
 * Every difference is reported, one line each. Generator-only.
 */
import type { ActionRecord, ServiceFile } from '../data-format';
import type { AccessLevel } from '../types';
import { orderAccessLevels } from './access-level';
import { dropUndefined, sortedOrNone } from './from-iam-data';
import type { SeedService } from './parse-seed';

/** The merged service and the differences found, sorted. */
export interface MergeResult {
  service: ServiceFile;
  differences: string[];
}

/** Merges `seed` into `data` (which is not modified). */
export function mergeSeed(data: ServiceFile, seed: SeedService): MergeResult {
  const diffs: string[] = [];
  const p = data.prefix;
  const actions: Record<string, ActionRecord> = { ...data.actions };
  const seedNames = new Set(seed.actions.map((a) => a.name));
  for (const name of Object.keys(data.actions)) {
    if (!seedNames.has(name)) diffs.push(`${p}:${name}: added from iam-data (not in the seed)`);
  }
  for (const s of seed.actions) {
    const d = data.actions[s.name];
    const id = `${p}:${s.name}`;
    if (!d) diffs.push(`${id}: in the seed, not in iam-data`);
    if (d && d.description !== s.description) diffs.push(`${id}: description: seed \`${s.description}\`, iam-data \`${d.description}\``);
    const dataLevels: AccessLevel[] = d ? (d.accessLevels ?? [d.accessLevel]) : [];
    if (d && d.accessLevel !== s.accessLevel)
      diffs.push(`${id}: access level: seed \`${s.accessLevel}\`, iam-data primary \`${d.accessLevel}\` of \`${dataLevels.join(', ')}\``);
    const levels = [s.accessLevel, ...orderAccessLevels(dataLevels).filter((l) => l !== s.accessLevel)];
    const dataTypes = new Map((d?.resourceTypes ?? []).map((r) => [r[0], r]));
    const seedTypes = s.resourceTypes.map((r) => `${r.name}${r.required ? '*' : ''}`).join(', ');
    const dataTypesText = (d?.resourceTypes ?? []).map((r) => `${r[0]}${r[1] ? '*' : ''}`).join(', ');
    if (d && seedTypes !== dataTypesText) diffs.push(`${id}: resource types: seed \`${seedTypes}\`, iam-data \`${dataTypesText}\``);
    const seedKeys = new Set(s.conditionKeys);
    const dataKeys = d?.conditionKeys ?? [];
    for (const k of dataKeys) if (!seedKeys.has(k)) diffs.push(`${id}: condition key \`${k}\` added from iam-data`);
    for (const k of s.conditionKeys)
      if (d && !dataKeys.includes(k)) diffs.push(`${id}: condition key \`${k}\` kept from the seed (not in iam-data)`);
    const dataDeps = d?.dependentActions ?? [];
    if (dataDeps.join() !== [...s.dependentActions].sort().join())
      diffs.push(`${id}: dependent actions: seed \`${s.dependentActions.join(', ')}\`, iam-data \`${dataDeps.join(', ')}\``);
    actions[s.name] = dropUndefined({
      description: s.description,
      accessLevel: s.accessLevel,
      accessLevels: levels.length > 1 ? levels : undefined,
      resourceTypes:
        s.resourceTypes.length > 0
          ? s.resourceTypes.map((r) => {
              // The flattened seed cannot tell row keys from action keys; keep the data's row keys the seed also lists.
              const rowKeys = sortedOrNone((dataTypes.get(r.name)?.[2] ?? []).filter((k) => seedKeys.has(k)));
              return rowKeys ? ([r.name, r.required, rowKeys] as [string, boolean, string[]]) : ([r.name, r.required] as [string, boolean]);
            })
          : undefined,
      conditionKeys: sortedOrNone([...s.conditionKeys, ...dataKeys]),
      dependentActions: sortedOrNone(s.dependentActions),
    });
  }
  const resourceTypes = { ...data.resourceTypes };
  for (const r of seed.resourceTypes) {
    const d = data.resourceTypes[r.name];
    if (!d) diffs.push(`${p} resource type \`${r.name}\`: in the seed, not in iam-data`);
    if (d && d.arn !== r.arn) diffs.push(`${p} resource type \`${r.name}\`: ARN: seed \`${r.arn}\`, iam-data \`${d.arn}\``);
    for (const k of d?.conditionKeys ?? [])
      if (!r.conditionKeys.includes(k)) diffs.push(`${p} resource type \`${r.name}\`: condition key \`${k}\` added from iam-data`);
    resourceTypes[r.name] = dropUndefined({ arn: r.arn, conditionKeys: sortedOrNone([...r.conditionKeys, ...(d?.conditionKeys ?? [])]) });
  }
  const conditionKeys = { ...data.conditionKeys };
  const seedKeyNames = new Set(seed.conditionKeys.map((k) => k.key));
  for (const k of Object.keys(data.conditionKeys))
    if (!seedKeyNames.has(k)) diffs.push(`condition key \`${k}\`: added from iam-data (not in the seed)`);
  for (const k of seed.conditionKeys) {
    const d = data.conditionKeys[k.key];
    if (!d) diffs.push(`condition key \`${k.key}\`: in the seed, not in iam-data`);
    if (d && d.type !== k.type) diffs.push(`condition key \`${k.key}\`: type: seed \`${k.type}\`, iam-data \`${d.type}\``);
    if (d && d.description !== k.description)
      diffs.push(`condition key \`${k.key}\`: description: seed \`${k.description}\`, iam-data \`${d.description}\``);
    conditionKeys[k.key] = { type: k.type, description: k.description };
  }
  const service: ServiceFile = { ...data, actions, resourceTypes, conditionKeys, notes: seed.notes };
  return { service, differences: diffs.sort() };
}

/**
 * What changed between two catalogs: services, actions and condition keys added, removed or
 * changed. `refresh.ts` prints it after moving the iam-data pin. Generator-only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ActionRecord, ServiceFile } from '../data-format';

/** A catalog in memory: service files by prefix. */
export type CatalogSnapshot = ReadonlyMap<string, ServiceFile>;

/** Counts and lines of a summary. */
export interface ChangeSummary {
  servicesAdded: string[];
  servicesRemoved: string[];
  actionsAdded: string[];
  actionsRemoved: string[];
  /** `service:Action: field, field`. */
  actionsChanged: string[];
  keysAdded: string[];
  keysRemoved: string[];
  /** `key: type A → B`. */
  keysChanged: string[];
}

/** Reads `catalog/data/services/*.json` into a snapshot. */
export function readSnapshot(dataDir: string): CatalogSnapshot {
  const out = new Map<string, ServiceFile>();
  for (const name of readdirSync(join(dataDir, 'services')).sort()) {
    if (!name.endsWith('.json')) continue;
    const file = JSON.parse(readFileSync(join(dataDir, 'services', name), 'utf8')) as ServiceFile;
    out.set(file.prefix, file);
  }
  return out;
}

const actionFields: (keyof ActionRecord)[] = [
  'accessLevel',
  'accessLevels',
  'conditionKeys',
  'dependentActions',
  'description',
  'resourceTypes',
];

/** Compares two snapshots; every list is sorted. */
export function summarizeChanges(before: CatalogSnapshot, after: CatalogSnapshot): ChangeSummary {
  const s: ChangeSummary = {
    servicesAdded: [],
    servicesRemoved: [],
    actionsAdded: [],
    actionsRemoved: [],
    actionsChanged: [],
    keysAdded: [],
    keysRemoved: [],
    keysChanged: [],
  };
  for (const p of before.keys()) if (!after.has(p)) s.servicesRemoved.push(p);
  for (const [p, next] of after) {
    const prev = before.get(p);
    if (!prev) {
      s.servicesAdded.push(p);
      continue;
    }
    for (const name of Object.keys(prev.actions)) if (!next.actions[name]) s.actionsRemoved.push(`${p}:${name}`);
    for (const [name, a] of Object.entries(next.actions)) {
      const old = prev.actions[name];
      if (!old) {
        s.actionsAdded.push(`${p}:${name}`);
        continue;
      }
      const fields = actionFields.filter((f) => JSON.stringify(old[f]) !== JSON.stringify(a[f]));
      if (fields.length > 0) s.actionsChanged.push(`${p}:${name}: ${fields.join(', ')}`);
    }
    for (const key of Object.keys(prev.conditionKeys)) if (!next.conditionKeys[key]) s.keysRemoved.push(`${p}: ${key}`);
    for (const [key, k] of Object.entries(next.conditionKeys)) {
      const old = prev.conditionKeys[key];
      if (!old) s.keysAdded.push(`${p}: ${key}`);
      else if (old.type !== k.type) s.keysChanged.push(`${p}: ${key}: type ${old.type} → ${k.type}`);
    }
  }
  for (const list of Object.values(s) as string[][]) list.sort();
  return s;
}

/** The summary as text: one count line per kind, then the items, indented. */
export function formatSummary(s: ChangeSummary): string {
  const sections: [string, string[]][] = [
    ['services added', s.servicesAdded],
    ['services removed', s.servicesRemoved],
    ['actions added', s.actionsAdded],
    ['actions removed', s.actionsRemoved],
    ['actions changed', s.actionsChanged],
    ['condition keys added', s.keysAdded],
    ['condition keys removed', s.keysRemoved],
    ['condition keys changed', s.keysChanged],
  ];
  const lines: string[] = [];
  for (const [title, items] of sections) {
    lines.push(`${title}: ${items.length}`);
    for (const item of items) lines.push(`  ${item}`);
  }
  return `${lines.join('\n')}\n`;
}

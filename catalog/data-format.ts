/**
 * The on-disk format of `catalog/data/`: what the generator writes and the loader reads.
 *
 * Layout:
 * - `index.json`: format version, sources, every service's prefix, name and action count, and the
 *   maps that route a condition key prefix or an ARN service segment to the service files holding it.
 * - `global-keys.json`: the global condition keys (`aws:…`) with their types.
 * - `services/<prefix>.json`: one service's actions, resource types, condition keys and notes.
 *
 * Empty arrays and single access levels are left out to keep the files small; the loader fills them in.
 */
import type { AccessLevel, CatalogSource, ConditionKeyType, ServiceNote, ServiceSummary } from './types';
import { sortKeys } from '../lib/sort-keys';

/** Version of this format; the loader refuses another. */
export const catalogFormatVersion = 1;

/** `index.json`. */
export interface IndexFile {
  format: number;
  sources: CatalogSource[];
  services: ServiceSummary[];
  /**
   * Condition key prefixes that are not a service prefix (`accounts.google.com`,
   * `agent.${Domain}.buildkite.dev`), lowercased, to the services defining keys with them.
   */
  keyPrefixes: Record<string, string[]>;
  /** ARN service segments (lowercased) whose resource types live in other services' files. */
  arnServices: Record<string, string[]>;
}

/** One action row in a service file. */
export interface ActionRecord {
  description: string;
  /** AWS's primary access level. */
  accessLevel: AccessLevel;
  /** Every level, primary first; left out when it is only the primary. */
  accessLevels?: AccessLevel[] | undefined;
  /** `[name, required, conditionKeys?]` per resource type; left out when the action takes none. */
  resourceTypes?: ResourceTypeRecord[] | undefined;
  /** Every condition key the action supports, sorted; left out when none. */
  conditionKeys?: string[] | undefined;
  dependentActions?: string[] | undefined;
}

/** One resource type of an action: name, required, and the keys on that row. */
export type ResourceTypeRecord = [name: string, required: boolean, conditionKeys?: string[]];

/** One resource type definition in a service file. */
export interface ResourceTypeDefinition {
  arn: string;
  conditionKeys?: string[] | undefined;
}

/** One condition key definition. */
export interface ConditionKeyRecord {
  type: ConditionKeyType;
  description: string;
  /** Further types the key accepts (`aws:EpochTime` is a Date and a Numeric). */
  otherTypes?: ConditionKeyType[];
}

/** `services/<prefix>.json`. */
export interface ServiceFile {
  prefix: string;
  name: string;
  /** Actions by AWS's name. */
  actions: Record<string, ActionRecord>;
  /** Resource types by AWS's name. */
  resourceTypes: Record<string, ResourceTypeDefinition>;
  /** Condition keys by AWS's spelling. */
  conditionKeys: Record<string, ConditionKeyRecord>;
  notes?: ServiceNote[];
}

/** `global-keys.json`: global keys by AWS's spelling. */
export type GlobalKeysFile = Record<string, ConditionKeyRecord>;

/**
 * Serializes catalog data deterministically: object keys sorted at every level, one entry per line
 * for the top two levels, each deeper value on one line. Before/after:
 * `{b:{y:[1],x:2},a:1}` becomes
 * ```
 * {
 *   "a": 1,
 *   "b": {
 *     "x": 2,
 *     "y": [1]
 *   }
 * }
 * ```
 */
export function formatCatalogJson(value: unknown, lineDepth = 2): string {
  return `${format(value, lineDepth, '')}\n`;
}

function format(value: unknown, lineDepth: number, indent: string): string {
  if (Array.isArray(value)) {
    if (lineDepth <= 0 || value.length === 0) return JSON.stringify(sortKeys(value));
    const inner = indent + '  ';
    return `[\n${value.map((v) => inner + format(v, lineDepth - 1, inner)).join(',\n')}\n${indent}]`;
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const keys = Object.keys(value).sort();
  if (lineDepth <= 0 || keys.length === 0) return JSON.stringify(sortKeys(value));
  const inner = indent + '  ';
  const record = value as Record<string, unknown>;
  const lines = keys.map((k) => `${inner}${JSON.stringify(k)}: ${format(record[k], lineDepth - 1, inner)}`);
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

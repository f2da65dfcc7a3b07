/**
 * Parsers for the Secrets Manager seeds.
 *
 * The permissions reference seed is the text of AWS's "Permissions reference for Secrets Manager" page, with the tables
 * flattened: an action row is `Name Description AccessLevel` on one line, then one line per resource
 * type (`Secret*`, where `*` marks required) and per condition key. The Policy Sentry seed is Policy Sentry's
 * rendering of the same service (markdown with one JSON block per action). Generator-only code.
 */
import { accessLevels, conditionKeyTypes, type AccessLevel, type ConditionKeyType, type ServiceNote } from '../types';

/** One action as a seed gives it. */
export interface SeedAction {
  name: string;
  description: string;
  accessLevel: AccessLevel;
  resourceTypes: { name: string; required: boolean }[];
  /** Condition keys in page order, AWS's spelling. */
  conditionKeys: string[];
  dependentActions: string[];
}

/** One resource type as the permissions reference gives it. */
export interface SeedResourceType {
  name: string;
  arn: string;
  conditionKeys: string[];
}

/** One condition key as the permissions reference gives it. */
export interface SeedConditionKey {
  key: string;
  description: string;
  type: ConditionKeyType;
}

/** A parsed seed. The Policy Sentry seed has no resource or key tables, so those lists are empty for it. */
export interface SeedService {
  /** Service name as the page titles it (`Secrets Manager`). */
  title: string;
  actions: SeedAction[];
  resourceTypes: SeedResourceType[];
  conditionKeys: SeedConditionKey[];
  notes: ServiceNote[];
}

/** Longest first, so `Permissions management` is tried before a one-word level. */
const levelsBySuffix = [...accessLevels].sort((a, b) => b.length - a.length);

/**
 * Parses the permissions reference seed. Throws when the text does not have the page's shape: a seed is committed input,
 * so a failure is a bug in the seed or the parser, not a user mistake.
 */
export function parseSeed000(text: string): SeedService {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const titleMatch = /^Permissions reference for (.+?) - /.exec(lines[0] ?? '');
  if (!titleMatch) throw new Error('permissions reference: missing the page title');
  const title = titleMatch[1];
  const actionsHeader = indexOfPrefix(lines, 'Actions Description Access level', 0);
  const resourcesHeader = indexOfPrefix(lines, 'Resource types ARN Condition keys', actionsHeader);
  const keysHeader = indexOfPrefix(lines, 'Condition keys Description Type', resourcesHeader);
  const conditionKeys = parseKeyTable(lines, keysHeader + 1);
  const known = new Set(conditionKeys.map((k) => k.key));
  const actions = parseActionTable(lines.slice(actionsHeader + 1, lines.lastIndexOf(`${title} resources`, resourcesHeader)), known);
  const { resourceTypes, endLine } = parseResourceTable(lines, resourcesHeader + 1);
  const notes: ServiceNote[] = [];
  // The paragraphs between the resource table and the "Condition keys" heading explain the ARN.
  const arnText = paragraphs(lines.slice(endLine, lines.lastIndexOf('Condition keys', keysHeader)));
  if (arnText.length > 0) notes.push({ title: `${title} resources`, text: arnText.join('\n\n') });
  notes.push(...sections(lines.slice(keysHeader + 1 + conditionKeys.length)));
  return { title, actions, resourceTypes, conditionKeys, notes };
}

function indexOfPrefix(lines: string[], prefix: string, from: number): number {
  const i = lines.findIndex((l, n) => n >= from && l.startsWith(prefix));
  if (i < 0) throw new Error(`permissions reference: missing the line \`${prefix}\``);
  return i;
}

function parseActionTable(lines: string[], knownKeys: Set<string>): SeedAction[] {
  const actions: SeedAction[] = [];
  for (const line of lines) {
    if (line === '') continue;
    const row = parseActionRow(line);
    if (row) {
      actions.push(row);
      continue;
    }
    const current = actions[actions.length - 1];
    if (!current) throw new Error(`permissions reference: a table line before any action: \`${line}\``);
    if (/^[A-Za-z][\w-]*\*?$/.test(line)) {
      current.resourceTypes.push({ name: line.replace(/\*$/, ''), required: line.endsWith('*') });
    } else if (knownKeys.has(line)) {
      current.conditionKeys.push(line);
    } else if (/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(line)) {
      // A `service:Action` that is not a condition key is a dependent action.
      current.dependentActions.push(line);
    } else {
      throw new Error(`permissions reference: cannot read the action table line \`${line}\``);
    }
  }
  return actions;
}

function parseActionRow(line: string): SeedAction | undefined {
  const m = /^([A-Z][A-Za-z0-9]+) (.+)$/.exec(line);
  if (!m) return undefined;
  const level = levelsBySuffix.find((l) => m[2].endsWith(` ${l}`));
  if (!level) return undefined;
  const description = m[2].slice(0, -level.length - 1);
  return { name: m[1], description, accessLevel: level, resourceTypes: [], conditionKeys: [], dependentActions: [] };
}

function parseResourceTable(lines: string[], from: number): { resourceTypes: SeedResourceType[]; endLine: number } {
  const resourceTypes: SeedResourceType[] = [];
  let i = from;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const row = /^([A-Za-z][\w-]*) (arn:\S+)$/.exec(line);
    if (row) {
      resourceTypes.push({ name: row[1], arn: row[2], conditionKeys: [] });
    } else if (/^[a-z0-9-]+:\S+$/.test(line) && resourceTypes.length > 0) {
      resourceTypes[resourceTypes.length - 1].conditionKeys.push(line);
    } else {
      break;
    }
  }
  if (resourceTypes.length === 0) throw new Error('permissions reference: no resource types');
  return { resourceTypes, endLine: i };
}

function parseKeyTable(lines: string[], from: number): SeedConditionKey[] {
  const keys: SeedConditionKey[] = [];
  for (let i = from; i < lines.length; i++) {
    const m = /^([a-z0-9-]+:\S+) (.+) (\S+)$/.exec(lines[i]);
    if (!m || !(conditionKeyTypes as readonly string[]).includes(m[3])) break;
    keys.push({ key: m[1], description: m[2], type: m[3] as ConditionKeyType });
  }
  if (keys.length === 0) throw new Error('permissions reference: no condition keys');
  return keys;
}

/** Non-empty lines joined into paragraphs (each line of the flattened page is one paragraph). */
function paragraphs(lines: string[]): string[] {
  return lines.filter((l) => l !== '');
}

/**
 * Splits the page's closing prose into titled sections. A heading is a short line without a final
 * period, colon or brace (`IP address conditions`); the text runs to the next heading.
 */
function sections(lines: string[]): ServiceNote[] {
  const notes: ServiceNote[] = [];
  for (const line of paragraphs(lines)) {
    if (isHeading(line)) notes.push({ title: line, text: '' });
    else if (notes.length > 0) {
      const last = notes[notes.length - 1];
      last.text = last.text === '' ? line : `${last.text}\n\n${line}`;
    }
  }
  return notes;
}

function isHeading(line: string): boolean {
  return line.length <= 80 && !/[.:{}•]/.test(line) && /^[A-Z]/.test(line);
}

/**
 * Parses the Policy Sentry seed: `### Action`, `- description:`, `- access level:` and a JSON
 * object of resource types, where the `""` entry holds the action-level condition keys.
 */
export function parseSeed001(text: string): SeedService {
  const title = /^# (.+)$/m.exec(text)?.[1];
  if (!title) throw new Error('Policy Sentry copy: missing the `# Service` title');
  const actions: SeedAction[] = [];
  const blocks = text.split(/^### /m).slice(1);
  for (const block of blocks) {
    const name = block.slice(0, block.indexOf('\n')).trim();
    const description = /^- description: (.*)$/m.exec(block)?.[1] ?? '';
    const level = /^- access level: (.*)$/m.exec(block)?.[1] ?? '';
    if (!(accessLevels as readonly string[]).includes(level))
      throw new Error(`Policy Sentry copy: \`${name}\`: bad access level \`${level}\``);
    const json = /```\n([\s\S]*?)\n```/.exec(block)?.[1];
    if (json === undefined) throw new Error(`Policy Sentry copy: \`${name}\`: missing the resource types block`);
    const rows = JSON.parse(json) as Record<string, { required: boolean; condition_keys: string[]; dependent_actions: string[] }>;
    const action: SeedAction = {
      name,
      description,
      accessLevel: level as AccessLevel,
      resourceTypes: [],
      conditionKeys: [],
      dependentActions: [],
    };
    for (const [rt, row] of Object.entries(rows)) {
      if (rt !== '') action.resourceTypes.push({ name: rt, required: row.required });
      action.conditionKeys.push(...row.condition_keys);
      action.dependentActions.push(...row.dependent_actions);
    }
    actions.push(action);
  }
  return { title, actions, resourceTypes: [], conditionKeys: [], notes: [] };
}

/**
 * One key, one spelling: Policy Sentry writes the global tag keys as `aws:RequestTag/tag-key`
 * where AWS writes `aws:RequestTag/${TagKey}`. Service keys keep AWS's own spelling
 * (`secretsmanager:ResourceTag/tag-key` is how the reference page spells it).
 */
export function canonicalKeySpelling(key: string): string {
  const m = /^aws:(RequestTag|ResourceTag|PrincipalTag)\/tag-key$/i.exec(key);
  return m ? `aws:${m[1]}/\${TagKey}` : key;
}

/**
 * Cross-check of the permissions reference seed (AWS's page) against the Policy Sentry seed: which actions
 * and keys 001 lacks, and where the two disagree once key spellings are made one
 * (`aws:RequestTag/tag-key` is `aws:RequestTag/${TagKey}`). Generator-only; the report is committed
 * as `catalog/data/secretsmanager.crosscheck.json`.
 */
import { canonicalKeySpelling, type SeedAction, type SeedService } from './parse-seed';

/** Per-action disagreements; fields are present only when the seeds differ. */
export interface ActionCrosscheck {
  accessLevel?: { seed000: string; seed001: string };
  resourceTypes?: { seed000: string[]; seed001: string[] };
  keysOnlyIn000?: string[];
  keysOnlyIn001?: string[];
  /** Descriptions that still differ after 001's wording (`Enables the user to …`, final period) is aligned. */
  description?: { seed000: string; seed001: string };
}

/** The committed report. */
export interface CrosscheckReport {
  seed000: string;
  seed001: string;
  actionsOnlyIn000: string[];
  actionsOnlyIn001: string[];
  /** Keys of 000's condition key table that 001 never mentions. */
  keysMissingFrom001: string[];
  /** 001 spellings that name the same key as a 000 spelling. */
  keySpellings: { seed001: string; seed000: string }[];
  actions: Record<string, ActionCrosscheck>;
}

/** Compares the two parsed seeds. */
export function crosscheckSeeds(seed000: SeedService, seed001: SeedService, names: { seed000: string; seed001: string }): CrosscheckReport {
  const a = new Map(seed000.actions.map((x) => [x.name, x]));
  const b = new Map(seed001.actions.map((x) => [x.name, x]));
  const spellings = new Map<string, string>();
  const keys001 = new Set<string>();
  for (const act of seed001.actions) {
    for (const k of act.conditionKeys) {
      const canonical = canonicalKeySpelling(k);
      if (canonical !== k) spellings.set(k, canonical);
      keys001.add(canonical);
    }
  }
  const actions: Record<string, ActionCrosscheck> = {};
  for (const [name, x] of a) {
    const y = b.get(name);
    if (!y) continue;
    const diff = compareAction(x, y);
    if (Object.keys(diff).length > 0) actions[name] = diff;
  }
  return {
    seed000: names.seed000,
    seed001: names.seed001,
    actionsOnlyIn000: [...a.keys()].filter((n) => !b.has(n)).sort(),
    actionsOnlyIn001: [...b.keys()].filter((n) => !a.has(n)).sort(),
    keysMissingFrom001: seed000.conditionKeys
      .map((k) => k.key)
      .filter((k) => !keys001.has(k))
      .sort(),
    keySpellings: [...spellings].sort().map(([seed001, seed000]) => ({ seed001, seed000 })),
    actions,
  };
}

function compareAction(x: SeedAction, y: SeedAction): ActionCrosscheck {
  const out: ActionCrosscheck = {};
  if (x.accessLevel !== y.accessLevel) out.accessLevel = { seed000: x.accessLevel, seed001: y.accessLevel };
  const rx = x.resourceTypes.map((r) => `${r.name}${r.required ? '*' : ''}`);
  const ry = y.resourceTypes.map((r) => `${r.name}${r.required ? '*' : ''}`);
  if (rx.join() !== ry.join()) out.resourceTypes = { seed000: rx, seed001: ry };
  const kx = new Set(x.conditionKeys);
  const ky = new Set(y.conditionKeys.map(canonicalKeySpelling));
  const only000 = [...kx].filter((k) => !ky.has(k)).sort();
  const only001 = [...ky].filter((k) => !kx.has(k)).sort();
  if (only000.length > 0) out.keysOnlyIn000 = only000;
  if (only001.length > 0) out.keysOnlyIn001 = only001;
  const aligned = y.description.replace(/^Enables the user to /, 'Grants permission to ').replace(/\.$/, '');
  if (aligned !== x.description) out.description = { seed000: x.description, seed001: y.description };
  return out;
}

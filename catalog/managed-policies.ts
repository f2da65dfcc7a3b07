/**
 * The pinned copy of AWS managed policies (`catalog/data/managed-policies.json.gz`): the current
 * default version of each policy's document, looked up by ARN. The file is read, decompressed
 * and parsed once, on the first lookup, so a run that attaches no AWS managed policy never reads it.
 *
 * AWS managed policies: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { suggest } from '../runner/diagnostics';
import { defaultDataDir } from './catalog';
import type { CatalogSource } from './types';

/** Version of the file's format; the loader refuses another. */
export const managedPoliciesFormatVersion = 1;

/** The file name under `catalog/data/`. */
export const managedPoliciesFileName = 'managed-policies.json.gz';

/** One policy in the file. */
export interface ManagedPolicyRecord {
  /** The IAM path, such as `/`, `/service-role/` or `/job-function/`. */
  path: string;
  /** The default version id, such as `v188`. */
  version: string;
  /** The policy document, as AWS wrote it. */
  document: unknown;
}

/** The file (after gunzip). */
export interface ManagedPoliciesFile {
  format: number;
  /** The data package and its exact version. */
  source: CatalogSource;
  /** Policies by name. */
  policies: Record<string, ManagedPolicyRecord>;
}

/** One AWS managed policy. */
export interface ManagedPolicy extends ManagedPolicyRecord {
  name: string;
  /** `arn:aws:iam::aws:policy` + path + name. */
  arn: string;
}

/** The `arn:PARTITION:iam::aws:policy/` prefix every AWS managed policy ARN has. */
const managedArnPattern = /^arn:[^:]*:iam::aws:policy\//;

/**
 * True when `text` names an AWS managed policy (account `aws` in an IAM policy ARN:
 * "arn:aws:iam::aws:policy/…", IAM identifiers page, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns).
 */
export function isManagedPolicyArn(text: string): boolean {
  return managedArnPattern.test(text);
}

/** The pinned AWS managed policies, loaded on first use. */
export class ManagedPolicies {
  private data?: { source: CatalogSource; byArn: Map<string, ManagedPolicy>; byName: Map<string, ManagedPolicy> };

  /** `file`: the gzip file. Default: `managed-policies.json.gz` in {@link defaultDataDir}. */
  constructor(private readonly file: string = join(defaultDataDir(), managedPoliciesFileName)) {}

  private load(): NonNullable<ManagedPolicies['data']> {
    if (this.data) return this.data;
    const parsed = JSON.parse(gunzipSync(readFileSync(this.file)).toString('utf8')) as ManagedPoliciesFile;
    // INVARIANT: the loader reads only the format it was written for.
    if (parsed.format !== managedPoliciesFormatVersion) throw new Error(`managed policies format ${parsed.format}, expected ${managedPoliciesFormatVersion}`);
    const byArn = new Map<string, ManagedPolicy>();
    const byName = new Map<string, ManagedPolicy>();
    for (const [name, r] of Object.entries(parsed.policies)) {
      const policy: ManagedPolicy = { name, arn: `arn:aws:iam::aws:policy${r.path}${name}`, ...r };
      byArn.set(policy.arn, policy);
      byName.set(name.toLowerCase(), policy);
    }
    this.data = { source: parsed.source, byArn, byName };
    return this.data;
  }

  /** The data package and version the copy came from. */
  source(): CatalogSource {
    return this.load().source;
  }

  /** Every policy, sorted by name. */
  all(): ManagedPolicy[] {
    return [...this.load().byArn.values()];
  }

  /** The policy with this exact ARN (ARNs are case-sensitive), or undefined. */
  get(arn: string): ManagedPolicy | undefined {
    return this.load().byArn.get(arn);
  }

  /**
   * The nearest known ARN to an unknown one: the same name under its real path
   * (`policy/AWSLambdaRole` → `policy/service-role/AWSLambdaRole`), the name in another case,
   * or a name one or two edits away (`ReadOnlyAcess` → `ReadOnlyAccess`).
   */
  suggest(arn: string): string | undefined {
    const { byName } = this.load();
    const name = arn.slice(arn.lastIndexOf('/') + 1);
    const exact = byName.get(name.toLowerCase());
    if (exact) return exact.arn === arn ? undefined : exact.arn;
    const near = suggest(name, [...byName.values()].map((p) => p.name));
    return near !== undefined ? byName.get(near.toLowerCase())?.arn : undefined;
  }
}

/**
 * The policy's document as the text the policy parser reads (spans are offsets into it; the file
 * of a span is the policy's ARN). Compact JSON: it parses in half the time of an indented copy
 * (3.2 s against 6.4–7.6 s for all 1,594 policies on the loaded 2-core dev box).
 */
export function documentText(policy: ManagedPolicy): string {
  return JSON.stringify(policy.document);
}

let shared: ManagedPolicies | undefined;

/** The process-wide copy over the committed data (created on first call, read on first lookup). */
export function defaultManagedPolicies(): ManagedPolicies {
  shared ??= new ManagedPolicies();
  return shared;
}

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
import { suggest } from '../lib/suggest';
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

/** One policy line of the text: `    "NAME": {"path":"PATH",…}` (see refresh/managed-policies.ts). */
const policyLine = /^ {4}"([^"\\]+)": (\{"path":"([^"\\]*)",.*\}),?$/;

/** An indexed policy: its name, ARN and the JSON text of its record, parsed on first use. */
interface Entry {
  name: string;
  arn: string;
  record: string;
  parsed?: ManagedPolicy;
}

/**
 * The pinned AWS managed policies, loaded on first use. Loading indexes the policy lines by ARN
 * and parses a policy's document only when it is looked up: a scenario attaching one policy
 * pays for gunzip and one small `JSON.parse`, not for 1,594 documents (measured: `iamspec test
 * cases` with one managed policy took 130 ms and 24 MB more when the whole file was parsed).
 */
export class ManagedPolicies {
  private data?: { source: CatalogSource; byArn: Map<string, Entry>; byName: Map<string, Entry> };

  /** `file`: the gzip file. Default: `managed-policies.json.gz` in {@link defaultDataDir}. */
  constructor(private readonly file: string = join(defaultDataDir(), managedPoliciesFileName)) {}

  private load(): NonNullable<ManagedPolicies['data']> {
    if (this.data) return this.data;
    const lines = gunzipSync(readFileSync(this.file)).toString('utf8').split('\n');
    const format = /^ {2}"format": (\d+),$/.exec(lines[1] ?? '');
    const source = /^ {2}"source": (\{.*\}),$/.exec(lines[2] ?? '');
    // INVARIANT: the loader reads only the format it was written for.
    if (!format || Number(format[1]) !== managedPoliciesFormatVersion || !source) {
      throw new Error(`managed policies: format ${format?.[1] ?? 'unknown'}, expected ${managedPoliciesFormatVersion}`);
    }
    const byArn = new Map<string, Entry>();
    const byName = new Map<string, Entry>();
    for (const line of lines) {
      const m = policyLine.exec(line);
      if (!m) continue;
      const entry: Entry = { name: m[1], arn: `arn:aws:iam::aws:policy${m[3]}${m[1]}`, record: m[2] };
      byArn.set(entry.arn, entry);
      byName.set(entry.name.toLowerCase(), entry);
    }
    this.data = { source: JSON.parse(source[1]) as CatalogSource, byArn, byName };
    return this.data;
  }

  private policy(entry: Entry): ManagedPolicy {
    entry.parsed ??= { name: entry.name, arn: entry.arn, ...(JSON.parse(entry.record) as ManagedPolicyRecord) };
    return entry.parsed;
  }

  /** The data package and version the copy came from. */
  source(): CatalogSource {
    return this.load().source;
  }

  /** Every policy, sorted by name. */
  all(): ManagedPolicy[] {
    return [...this.load().byArn.values()].map((e) => this.policy(e));
  }

  /** The policy with this exact ARN (ARNs are case-sensitive), or undefined. */
  get(arn: string): ManagedPolicy | undefined {
    const entry = this.load().byArn.get(arn);
    return entry ? this.policy(entry) : undefined;
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
    const near = suggest(
      name,
      [...byName.values()].map((p) => p.name),
    );
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

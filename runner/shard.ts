/**
 * `--shard I/N`: the I-th of N deterministic slices of a run, so CI can spread a large suite over
 * N jobs and `iamspec merge` can join their reports (as `jest --shard` and `playwright --shard`).
 *
 * A case's key is its file and its name, both stable and unique in the run (names are unique
 * within a file and given before any filter selects, runner/plan.ts). The keys are ordered by a
 * SHA-256 hash of the key (ties, which need a hash collision, by the key) and dealt out round-robin:
 *
 *     keys by hash:  k7 k2 k9 k1 k4      (5 cases, --shard ?/2)
 *     shard:          1  2  1  2  1      → shard 1/2 runs k7 k9 k4, shard 2/2 runs k2 k1
 *
 * So every case is in exactly one shard, shard sizes differ by at most one, and the slices do not
 * depend on file order or on the machine: every job of one commit computes the same split. Files
 * are not split by shard: every shard loads every file (an unusable file is reported by each).
 */
import { createHash } from 'node:crypto';
import type { SuitePlan } from './run';

/** One slice: `index` of `count`, 1-based. */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `I/N` (1 ≤ I ≤ N); the error is a message for the command line. */
export function parseShard(text: string): { value: Shard } | { error: string } {
  const m = /^([0-9]+)\/([0-9]+)$/.exec(text.trim());
  if (!m) return { error: `\`${text}\` is not a shard: expected \`I/N\` such as \`2/4\`` };
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(count)) return { error: `\`${text}\`: the number of shards is too large` };
  if (count < 1) return { error: `\`${text}\`: the number of shards must be at least 1` };
  if (index < 1 || index > count) return { error: `\`${text}\`: the shard must be between 1 and ${count}` };
  return { value: { index, count } };
}

/** The key a case is sharded by: its file (with `/` separators) and its name. */
export function shardKey(file: string, name: string): string {
  return `${file.replace(/\\/g, '/')}\u0000${name}`;
}

/** The hash that orders keys: the first 8 bytes of SHA-256, as hex (stable across machines and versions). */
function hashOf(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 16);
}

/**
 * The shard (1-based) of each key, in the order given. Keys must be distinct.
 * INVARIANT: every key gets exactly one shard in 1..count, and shard sizes differ by at most one.
 */
export function assignShards(keys: readonly string[], count: number): number[] {
  const ranked = keys.map((key, i) => ({ key, i, hash: hashOf(key) }));
  ranked.sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const out = new Array<number>(keys.length);
  ranked.forEach((r, rank) => (out[r.i] = (rank % count) + 1));
  return out;
}

/** The plans with only the cases of `shard`; unusable files stay in every shard. */
export function slicePlans(plans: readonly SuitePlan[], shard: Shard): SuitePlan[] {
  const keys = plans.flatMap((p) => (p.kind === 'cases' ? p.cases.map((c) => shardKey(p.suite.file, c.name)) : []));
  const assigned = assignShards(keys, shard.count);
  let i = 0;
  return plans.map((p) => (p.kind === 'cases' ? { ...p, cases: p.cases.filter(() => assigned[i++] === shard.index) } : p));
}

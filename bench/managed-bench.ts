/**
 * Issue 17's managed-policy figure: every AWS managed policy of the pinned copy
 * (catalog/managed-policies.ts) parsed from its JSON text by the policy parser and checked against
 * the catalog, as a scenario attaching them all would. Each run parses afresh (the parser keeps no
 * cache); wall and CPU time per run, and the number of policies that did not parse (must be 0).
 */
import { loadCatalog } from '../catalog/catalog';
import { defaultManagedPolicies, documentText } from '../catalog/managed-policies';
import { checkPolicyWithCatalog } from '../runner/policy/check-catalog';
import { parsePolicyText } from '../runner/policy/parse';
import { elapsedNs } from './stats';

/** One run's figures. */
export interface ManagedRun {
  parseMs: number;
  totalMs: number;
  cpuMs: number;
  failed: number;
}

/** Parses and checks every managed policy `runs` times. */
export function benchManaged(runs: number): { policies: number; bytes: number; runs: ManagedRun[] } {
  const catalog = loadCatalog();
  const all = defaultManagedPolicies().all();
  const texts = all.map((p) => ({ arn: p.arn, text: documentText(p) }));
  const out: ManagedRun[] = [];
  for (let r = 0; r < runs; r++) {
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    const parsed = texts.map(({ arn, text }) => parsePolicyText(text, { file: arn, name: arn, kind: 'identity' }));
    const parseMs = elapsedNs(start) / 1e6;
    for (const p of parsed) if (p.value) checkPolicyWithCatalog(p.value, catalog);
    const totalMs = elapsedNs(start) / 1e6;
    const used = process.cpuUsage(cpu);
    out.push({ parseMs, totalMs, cpuMs: (used.user + used.system) / 1000, failed: parsed.filter((p) => !p.value).length });
  }
  return { policies: texts.length, bytes: texts.reduce((n, t) => n + t.text.length, 0), runs: out };
}

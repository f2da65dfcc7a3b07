/**
 * The worst set-condition case of issue 17: one policy whose conditions hold 10,000 values, against
 * a request whose multivalued key holds 10,000 values, for `ForAnyValue:StringLike` and
 * `ForAllValues:StringEquals`. Before value sets (runner/engine/conditions/value-set.ts) every
 * request value was compared with every policy value: 10⁸ comparisons, 2.5 s.
 *
 * Each run parses the policy afresh (untimed), then times the first decision, which compiles the
 * policy and builds its value sets (wall and CPU time), and a second decision on the compiled
 * policy. The runs' median, minimum and maximum are reported (the spread is max − min).
 */
import type { Catalog } from '../catalog/types';
import { evaluate } from '../runner/engine';
import type { AuthorizationRequest, PolicySet } from '../runner/engine/types';
import { parsePolicyText } from '../runner/policy/parse';
import { accounts } from './policies';
import { elapsedNs, median } from './stats';

/** Values per condition and per request key. */
export const SET_SIZE = 10_000;

/** One set-condition figure: milliseconds per run. */
export interface SetFigures {
  label: string;
  firstMs: number[];
  /** CPU time (user+system) of each first decision: less affected by other processes than wall time. */
  firstCpuMs: number[];
  againMs: number[];
  decision: string;
}

// Pattern shapes a tag allow-list holds: exact keys, `prefix/*`, `*-suffix`, and a `?` wildcard.
const pattern = (i: number): string => [`team-${i}`, `project/${i}/*`, `*-cost-center-${i}`, `env-?${i}`][i % 4];

function policyText(operator: 'ForAnyValue:StringLike' | 'ForAllValues:StringEquals', values: string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'secretsmanager:TagResource', Resource: '*', Condition: { [operator]: { 'aws:TagKeys': values } } },
    ],
  });
}

function request(tagKeys: string[]): AuthorizationRequest {
  return {
    principal: { arn: `arn:aws:iam::${accounts.owner}:user/bench` },
    action: 'secretsmanager:TagResource',
    resource: { arn: `arn:aws:secretsmanager:us-east-1:${accounts.owner}:secret:bench-AbCdEf` },
    context: { 'aws:TagKeys': tagKeys },
  };
}

function timeCase(label: string, text: string, req: AuthorizationRequest, catalog: Catalog, runs: number): SetFigures {
  const firstMs: number[] = [];
  const firstCpuMs: number[] = [];
  const againMs: number[] = [];
  let decision = '';
  for (let r = 0; r < runs; r++) {
    const parsed = parsePolicyText(text, { file: 'bench.json', name: 'sets', kind: 'identity' });
    if (!parsed.value) throw new Error(`bench policy does not parse: ${parsed.diagnostics.map((d) => d.message).join('; ')}`);
    const set: PolicySet = { identity: [parsed.value] };
    const cpu = process.cpuUsage();
    let start = process.hrtime.bigint();
    decision = evaluate(req, set).decision;
    firstMs.push(elapsedNs(start) / 1e6);
    const used = process.cpuUsage(cpu);
    firstCpuMs.push((used.user + used.system) / 1000);
    start = process.hrtime.bigint();
    evaluate(req, set);
    againMs.push(elapsedNs(start) / 1e6);
  }
  return { label, firstMs, firstCpuMs, againMs, decision };
}

/**
 * Both cases. In the StringLike case no request value matches, so every one of them is checked
 * against the whole pattern set (the worst case for ForAnyValue); in the StringEquals case every
 * request value is among the policy values, so ForAllValues checks all of them too.
 */
export function benchSets(catalog: Catalog, runs: number): SetFigures[] {
  const patterns = Array.from({ length: SET_SIZE }, (_, i) => pattern(i));
  const misses = Array.from({ length: SET_SIZE }, (_, i) => `owner-${i}`);
  const keys = Array.from({ length: SET_SIZE }, (_, i) => `key-${i}`);
  return [
    timeCase('ForAnyValue:StringLike', policyText('ForAnyValue:StringLike', patterns), request(misses), catalog, runs),
    timeCase('ForAllValues:StringEquals', policyText('ForAllValues:StringEquals', keys), request([...keys].reverse()), catalog, runs),
  ];
}

/** Median, minimum and maximum of `ms`, for the table. */
export function spread(ms: readonly number[]): { median: number; min: number; max: number } {
  return { median: median(ms), min: Math.min(...ms), max: Math.max(...ms) };
}

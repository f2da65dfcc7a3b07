/**
 * `iamspec diff` (issue 15): the time to decide a small pair (one statement against two, with a
 * condition) and a 40-statement pair (seeded PRNG: wildcards, NotAction, Deny statements,
 * conditions over strings, addresses and numbers). The catalog is loaded and a first diff run
 * beforehand (the catalog reads each service's data on first use), then each pair is decided
 * `runs` times; the median, minimum and maximum are reported with the verdict.
 */
import type { Catalog } from '../catalog/types';
import { diffPolicies, type DiffVerdict } from '../runner/diff/search';
import { parsePolicyText } from '../runner/policy/parse';
import type { Policy } from '../runner/policy/types';
import { Prng } from './prng';
import { elapsedNs } from './stats';

/** One pair's figures. */
export interface DiffFigures {
  label: string;
  ms: number[];
  verdict: DiffVerdict['kind'];
  regions: number;
}

function policy(statements: unknown[], name: string): Policy {
  const r = parsePolicyText(JSON.stringify({ Version: '2012-10-17', Statement: statements }), {
    file: `${name}.json`,
    name,
    kind: 'identity',
  });
  if (!r.value) throw new Error(`bench policy does not parse: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.value;
}

const small = {
  old: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }],
  new: [
    { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' },
    {
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::reports/*',
      Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
    },
  ],
};

const services = ['s3', 'sqs', 'secretsmanager', 'kms', 'dynamodb', 'lambda', 'ec2', 'logs'];
const verbs = ['Get*', 'List*', 'Describe*', 'Put*', '*', 'Delete*', 'Create*'];

/** Forty statements from `seed`; `widen` loosens some conditions and resources (a change under review). */
function forty(seed: number, widen: boolean): unknown[] {
  const rng = new Prng(seed);
  const out: unknown[] = [];
  for (let i = 0; i < 40; i++) {
    const service = rng.pick(services);
    const deny = rng.chance(0.15);
    const actions = [`${service}:${rng.pick(verbs)}`, ...(rng.chance(0.3) ? [`${rng.pick(services)}:${rng.pick(verbs)}`] : [])];
    const resource = rng.chance(0.3)
      ? '*'
      : `arn:aws:${service}:us-east-1:111122223333:${rng.pick(['app', 'data', 'logs'])}/${rng.int(4)}/*`;
    const condition = rng.chance(0.4)
      ? rng.pick([
          { StringEquals: { 'aws:PrincipalTag/team': rng.pick(['a', 'b', 'c']) } },
          { IpAddress: { 'aws:SourceIp': rng.pick(['10.0.0.0/8', '10.1.0.0/16', '192.0.2.0/24']) } },
          { StringLike: { 'aws:RequestedRegion': rng.pick(['us-*', 'eu-*']) } },
          { Bool: { 'aws:SecureTransport': 'true' } },
        ])
      : undefined;
    out.push({
      Effect: deny ? 'Deny' : 'Allow',
      [!deny && rng.chance(0.05) ? 'NotAction' : 'Action']: actions,
      Resource: widen && i % 13 === 5 ? '*' : resource,
      ...(condition && !(widen && i % 11 === 3) ? { Condition: condition } : {}),
    });
  }
  return out;
}

function timePair(label: string, oldPolicy: Policy, newPolicy: Policy, catalog: Catalog, runs: number): DiffFigures {
  const ms: number[] = [];
  let verdict: DiffVerdict | undefined;
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    verdict = diffPolicies(oldPolicy, newPolicy, catalog);
    ms.push(elapsedNs(start) / 1e6);
  }
  return { label, ms, verdict: verdict!.kind, regions: verdict!.regions };
}

/** OLD narrowed: every third statement takes an MFA condition, and one Deny is added (no new access). */
function narrowed(statements: unknown[]): unknown[] {
  const out = statements.map((s, i) => {
    if (i % 3 !== 0) return s;
    const st = s as { Condition?: Record<string, Record<string, string>> };
    return { ...st, Condition: { ...st.Condition, Bool: { ...st.Condition?.Bool, 'aws:MultiFactorAuthPresent': 'true' } } };
  });
  return [...out, { Effect: 'Deny', Action: 'kms:*', Resource: '*' }];
}

/** The small pair and the 40-statement pairs (OLD against a widened NEW, and against a narrowed one). */
export function benchDiff(catalog: Catalog, runs: number): DiffFigures[] {
  const oldForty = policy(forty(0x15d1ff, false), 'old');
  const newForty = policy(forty(0x15d1ff, true), 'new');
  const sameForty = policy(narrowed(forty(0x15d1ff, false)), 'narrowed');
  diffPolicies(oldForty, newForty, catalog);
  return [
    timePair('small pair (1 vs 2 statements)', policy(small.old, 'old'), policy(small.new, 'new'), catalog, runs),
    timePair('40-statement pair, NEW widened', oldForty, newForty, catalog, runs),
    timePair('40-statement pair, NEW narrowed (no new access)', oldForty, sameForty, catalog, runs),
  ];
}

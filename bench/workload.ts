/**
 * The engine workload: a deterministic list of Secrets Manager authorization requests, each with
 * the policy set a runner would pass for it.
 *
 * Mix: every Secrets Manager action of the catalog; IAM users, roles and assumed-role sessions of
 * the resource's own account, of another member account and of an account outside the
 * organization; identity-based policies with Action and Resource wildcards; resource-based
 * policies whose Deny statements are conditioned on principal tags, aws:SourceIp and
 * aws:SecureTransport; a two-level SCP. Contexts come from a small pool of shared objects, as
 * test cases of one expectation share theirs.
 */
import type { Catalog } from '../catalog/types';
import type { AuthorizationRequest, ContextValue, Organization, PolicySet, RequestResource } from '../runner/engine/types';
import type { Policy } from '../runner/policy/types';
import { accounts, identityDocs, parseAll, parseDoc, resourceDocs, scpDocs } from './policies';
import { Prng } from './prng';

/** One request and its policies. */
export interface WorkItem {
  request: AuthorizationRequest;
  policies: PolicySet;
}

/** The seed of the engine workload. */
export const workloadSeed = 0x1a3b5c7d;

interface PrincipalSpec {
  arn: string;
  tags: Record<string, string>;
  policies: string[];
}

const { owner, peer, partner } = accounts;

/** Callers: users, roles and assumed-role sessions of three accounts. */
const principalSpecs: PrincipalSpec[] = [
  { arn: `arn:aws:iam::${owner}:user/alice`, tags: { team: 'payments' }, policies: ['sm-read', 'noise'] },
  { arn: `arn:aws:iam::${owner}:user/bob`, tags: { team: 'ops' }, policies: ['sm-admin', 'noise'] },
  { arn: `arn:aws:iam::${owner}:role/payments-app`, tags: { team: 'payments' }, policies: ['sm-read', 'sm-write-team', 'noise'] },
  {
    arn: `arn:aws:sts::${owner}:assumed-role/payments-app/i-0123456789`,
    tags: { team: 'payments' },
    policies: ['sm-read', 'sm-write-team', 'noise'],
  },
  { arn: `arn:aws:iam::${owner}:role/admin`, tags: { role: 'admin', team: 'platform' }, policies: ['sm-admin'] },
  { arn: `arn:aws:sts::${owner}:assumed-role/admin/ops-session`, tags: { role: 'admin', team: 'platform' }, policies: ['sm-admin'] },
  { arn: `arn:aws:iam::${peer}:user/carol`, tags: { team: 'payments' }, policies: ['cross-read', 'noise'] },
  { arn: `arn:aws:iam::${peer}:role/reporting`, tags: { team: 'reporting' }, policies: ['cross-read'] },
  { arn: `arn:aws:sts::${peer}:assumed-role/reporting/nightly`, tags: { team: 'reporting' }, policies: ['cross-read'] },
  { arn: `arn:aws:iam::${partner}:user/mary`, tags: { team: 'payments' }, policies: ['cross-read'] },
  { arn: `arn:aws:iam::${partner}:role/auditor`, tags: {}, policies: ['cross-read', 'sm-read-wild'] },
  { arn: `arn:aws:sts::${partner}:assumed-role/auditor/audit-42`, tags: {}, policies: ['cross-read', 'sm-read-wild'] },
];

const cmk = `arn:aws:kms:us-east-1:${owner}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** Secrets: with and without a resource-based policy, the AWS managed key or a customer managed key. */
const resourceSpecs: { resource: RequestResource; policy?: string }[] = [
  {
    resource: { arn: `arn:aws:secretsmanager:us-east-1:${owner}:secret:app/payments-AbC123`, tags: { env: 'prod' } },
    policy: 'app-secret',
  },
  { resource: { arn: `arn:aws:secretsmanager:us-east-1:${owner}:secret:app/ops-XyZ789`, tags: { env: 'dev' } } },
  {
    resource: { arn: `arn:aws:secretsmanager:us-east-1:${owner}:secret:shared/report-Qw1234`, attributes: { kmsKeyId: cmk } },
    policy: 'shared-secret',
  },
  { resource: { arn: `arn:aws:secretsmanager:us-east-1:${owner}:secret:shared/legacy-Zz0000` }, policy: 'shared-secret' },
  { resource: { arn: `arn:aws:secretsmanager:eu-west-1:${peer}:secret:app/payments-Pe3r00`, tags: { env: 'prod' } } },
];

/** Picks one of `choices` by weight. */
function weighted<T>(rng: Prng, choices: readonly [T, number][]): T {
  let x = rng.next() * choices.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of choices) if ((x -= w) < 0) return v;
  return choices[choices.length - 1][0];
}

const transport: [string | undefined, number][] = [
  ['true', 85],
  ['false', 10],
  [undefined, 5],
];
const sourceIps: [string | undefined, number][] = [
  ['10.1.2.3', 60],
  ['203.0.113.7', 20],
  ['198.51.100.9', 15],
  [undefined, 5],
];
const regions: [string, number][] = [
  ['us-east-1', 70],
  ['eu-west-1', 20],
  ['ap-south-1', 10],
];

/** Builds the workload: `count` requests from `seed`. Deterministic for a given seed and catalog. */
export function buildWorkload(catalog: Catalog, count: number, seed: number = workloadSeed): WorkItem[] {
  const rng = new Prng(seed);
  const identity = parseAll(identityDocs, 'identity');
  const resource = parseAll(resourceDocs, 'resource');
  const organization: Organization = {
    id: 'o-bench12345',
    accounts: [owner, peer],
    scps: scpDocs.map((level) => Object.entries(level).map(([name, doc]) => parseDoc(doc, name, 'scp'))),
    rcps: [],
  };
  const actions = catalog.actionsOf('secretsmanager');
  if (actions.length === 0) throw new Error('the catalog has no secretsmanager actions');
  const sets = principalSpecs.map((p) => ({
    principal: { arn: p.arn, tags: p.tags },
    identity: p.policies.map((n) => identity.get(n)!) as Policy[],
  }));
  const contexts = new Map<string, Record<string, ContextValue>>();
  const items: WorkItem[] = [];
  for (let i = 0; i < count; i++) {
    // Every action in turn (so each appears count/actions times), the rest at random.
    const action = actions[i % actions.length];
    const who = rng.pick(sets);
    const ctx = { st: weighted(rng, transport), ip: weighted(rng, sourceIps), region: weighted(rng, regions) };
    const key = `${ctx.st}|${ctx.ip}|${ctx.region}`;
    let context = contexts.get(key);
    if (!context) {
      context = { 'aws:RequestedRegion': ctx.region };
      if (ctx.st !== undefined) context['aws:SecureTransport'] = ctx.st;
      if (ctx.ip !== undefined) context['aws:SourceIp'] = ctx.ip;
      contexts.set(key, context);
    }
    const policies: PolicySet = { identity: who.identity, organization };
    const request: AuthorizationRequest = { principal: who.principal, action: action.id, context };
    if (action.resourceTypes.length > 0) {
      const r = rng.pick(resourceSpecs);
      request.resource = r.resource;
      if (r.policy) policies.resource = resource.get(r.policy)!;
    }
    items.push({ request, policies });
  }
  return items;
}

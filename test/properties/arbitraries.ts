/**
 * fast-check arbitraries for the engine's property tests: policy documents as JSON-ready objects
 * (parsed by the real `parsePolicyText`), policy sets, requests and contexts.
 *
 * The pools are small on purpose: with few accounts, principals, ARNs and condition values,
 * random statements often match random requests, so the properties see allows, implicit denies
 * and explicit denies alike.
 */
import fc from 'fast-check';
import { loadCatalog } from '../../catalog/catalog';
import type { AuthorizationRequest, ContextValue, PolicySet, RequestResource } from '../../runner/engine/types';
import { parsePolicyText } from '../../runner/policy/parse';
import type { Policy, PolicyKind } from '../../runner/policy/types';

/** The catalog the tests evaluate with. */
export const catalog = loadCatalog();

/** Accounts: A and B are organization members, C is outside. */
export const acct = { a: '111122223333', b: '222233334444', c: '777788889999' } as const;

/** A statement as a JSON-ready object. */
export type StatementDoc = Record<string, unknown>;

/** A policy document as a JSON-ready object. */
export interface PolicyDoc {
  Version: '2012-10-17';
  Statement: StatementDoc[];
}

/** The documents of one policy set, before parsing. */
export interface SetSpec {
  identity: PolicyDoc[];
  boundary?: PolicyDoc;
  session?: PolicyDoc[];
  resource?: PolicyDoc;
  /** SCP levels; present (or `rcps`) means the organization (accounts A and B) exists. */
  scps?: PolicyDoc[][];
  /** RCP levels: Deny statements only, `Principal: "*"`, no NotAction (AWS's RCP grammar). */
  rcps?: PolicyDoc[][];
}

/** Every Secrets Manager action id of the catalog. */
export const smActions: string[] = catalog.actionsOf('secretsmanager').map((a) => a.id);

const actionEntry: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...smActions) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'secretsmanager:*',
      'secretsmanager:Get*',
      'secretsmanager:*Secret*',
      'secretsmanager:Describe*',
      'secretsmanager:Put*',
      'secretsmanager:*Resource*',
      'secretsmanager:?etSecretValue',
      'SecretsManager:get*',
      '*',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom('s3:GetObject', 'kms:*', 'iam:PassRole') },
);

const secretArns = [
  `arn:aws:secretsmanager:us-east-1:${acct.a}:secret:app/db-AbCdEf`,
  `arn:aws:secretsmanager:us-east-1:${acct.a}:secret:shared/report-Qw1234`,
  `arn:aws:secretsmanager:eu-west-1:${acct.b}:secret:app/payments-Pe3r00`,
];

const resourceEntry: fc.Arbitrary<string> = fc.constantFrom(
  '*',
  '*',
  ...secretArns,
  `arn:aws:secretsmanager:*:${acct.a}:secret:app/*`,
  'arn:aws:secretsmanager:us-east-1:*:secret:*',
  'arn:aws:secretsmanager:*:*:secret:shared/*',
  `arn:aws:secretsmanager:us-east-1:${acct.a}:secret:app/\${aws:PrincipalTag/team}*`,
  'arn:aws:s3:::bucket/*',
);

/** A condition block of one operator and key, from a small pool. */
const conditionEntry: fc.Arbitrary<[string, string, string[]]> = fc.constantFrom<[string, string, string[]]>(
  ['StringEquals', 'aws:PrincipalTag/team', ['payments']],
  ['StringNotEquals', 'aws:PrincipalTag/team', ['payments', 'ops']],
  ['StringEqualsIfExists', 'aws:PrincipalTag/team', ['ops']],
  ['StringLike', 'aws:PrincipalArn', ['arn:aws:iam::*:role/*']],
  ['ArnNotLike', 'aws:PrincipalArn', [`arn:aws:iam::${acct.a}:*`]],
  ['StringEquals', 'aws:PrincipalAccount', [acct.a]],
  ['Bool', 'aws:SecureTransport', ['true']],
  ['Bool', 'aws:SecureTransport', ['false']],
  ['IpAddress', 'aws:SourceIp', ['10.0.0.0/8']],
  ['NotIpAddress', 'aws:SourceIp', ['10.0.0.0/8', '203.0.113.0/24']],
  ['Null', 'aws:SourceIp', ['true']],
  ['StringNotEqualsIfExists', 'aws:RequestedRegion', ['us-east-1']],
  ['StringEquals', 'aws:ResourceTag/env', ['prod']],
  ['ForAnyValue:StringEquals', 'aws:PrincipalTag/team', ['payments', 'platform']],
);

const principalEntry: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  '*',
  { AWS: '*' },
  { AWS: `arn:aws:iam::${acct.a}:root` },
  { AWS: `arn:aws:sts::${acct.a}:federated-user/bob` },
  { AWS: acct.c },
  { AWS: `arn:aws:iam::${acct.a}:user/alice` },
  { AWS: `arn:aws:iam::${acct.a}:role/app` },
  { AWS: [`arn:aws:iam::${acct.c}:user/mary`, `arn:aws:iam::${acct.b}:role/reader`] },
  { AWS: `arn:aws:sts::${acct.a}:assumed-role/app/s1` },
);

/** Arbitrary statements for a policy of `kind` (resource-based ones name a Principal). */
export function statementArb(kind: PolicyKind, effect?: 'Allow' | 'Deny'): fc.Arbitrary<StatementDoc> {
  return fc
    .record({
      // Two Allows for one Deny, so that random sets allow often enough to test both directions.
      effect: effect ? fc.constant(effect) : fc.constantFrom('Allow', 'Allow', 'Deny'),
      actionForm: fc.integer({ min: 0, max: 9 }),
      actions: fc.array(actionEntry, { minLength: 1, maxLength: 3 }),
      resourceForm: fc.integer({ min: 0, max: 9 }),
      resources: fc.array(resourceEntry, { minLength: 1, maxLength: 2 }),
      // Most statements have no condition, so that random statements match often.
      conditions: fc.oneof(
        { weight: 3, arbitrary: fc.constant([]) },
        { weight: 2, arbitrary: fc.array(conditionEntry, { minLength: 1, maxLength: 2 }) },
      ),
      principal: principalEntry,
    })
    .map((r) => {
      const s: StatementDoc = { Effect: kind === 'rcp' ? 'Deny' : r.effect };
      if (kind === 'resource') s.Principal = r.principal;
      if (kind === 'rcp') s.Principal = '*';
      // One statement in ten uses NotAction, one in ten NotResource (form 9, so shrinking goes to the
      // plain forms). RCPs reject NotAction.
      s[r.actionForm === 9 && kind !== 'rcp' ? 'NotAction' : 'Action'] = r.actions.length === 1 ? r.actions[0] : r.actions;
      s[r.resourceForm === 9 ? 'NotResource' : 'Resource'] = r.resources.length === 1 ? r.resources[0] : r.resources;
      if (r.conditions.length > 0) {
        const c: Record<string, Record<string, string[]>> = {};
        for (const [op, key, values] of r.conditions) (c[op] ??= {})[key] = values;
        s.Condition = c;
      }
      return s;
    });
}

/** Arbitrary policy documents of `kind`, 1 to 4 statements. */
export function policyArb(kind: PolicyKind): fc.Arbitrary<PolicyDoc> {
  return fc.array(statementArb(kind), { minLength: 1, maxLength: 4 }).map((Statement) => ({ Version: '2012-10-17', Statement }));
}

/** `arb` one time in `1 + absent` (else undefined), so that random sets have a few layers, not all. */
function sometimes<T>(arb: fc.Arbitrary<T>, absent: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: absent, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
}

const levelsArb = (kind: PolicyKind): fc.Arbitrary<PolicyDoc[][]> =>
  fc.array(fc.array(policyArb(kind), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 2 });

/** Arbitrary policy sets: identity policies, and sometimes a boundary, session policies, a resource policy, SCPs, RCPs. */
export const setSpecArb: fc.Arbitrary<SetSpec> = fc
  .record({
    identity: fc.array(policyArb('identity'), { maxLength: 3 }),
    boundary: sometimes(policyArb('boundary'), 2),
    session: sometimes(fc.array(policyArb('session'), { minLength: 1, maxLength: 2 }), 2),
    resource: sometimes(policyArb('resource'), 1),
    scps: sometimes(levelsArb('scp'), 2),
    rcps: sometimes(levelsArb('rcp'), 3),
  })
  .map((r) => {
    const spec: SetSpec = { identity: r.identity };
    if (r.boundary) spec.boundary = r.boundary;
    if (r.session) spec.session = r.session;
    if (r.resource) spec.resource = r.resource;
    if (r.scps) spec.scps = r.scps;
    if (r.rcps) spec.rcps = r.rcps;
    return spec;
  });

const principals: { arn: string }[] = [
  { arn: `arn:aws:iam::${acct.a}:user/alice` },
  { arn: `arn:aws:iam::${acct.a}:role/app` },
  { arn: `arn:aws:sts::${acct.a}:assumed-role/app/s1` },
  { arn: `arn:aws:iam::${acct.b}:role/reader` },
  { arn: `arn:aws:sts::${acct.b}:assumed-role/reader/nightly` },
  { arn: `arn:aws:iam::${acct.c}:user/mary` },
  { arn: `arn:aws:iam::${acct.a}:root` },
  { arn: `arn:aws:sts::${acct.a}:federated-user/bob` },
  { arn: '*' },
];

const tagSets: Record<string, string>[] = [{}, { team: 'payments' }, { team: 'ops' }, { team: 'platform', env: 'prod' }];

const resources: RequestResource[] = [
  { arn: secretArns[0], tags: { env: 'prod' } },
  { arn: secretArns[1], attributes: { kmsKeyId: `arn:aws:kms:us-east-1:${acct.a}:key/1234abcd-12ab-34cd-56ef-1234567890ab` } },
  { arn: secretArns[2], tags: { env: 'dev' } },
];

const contextArb: fc.Arbitrary<Record<string, ContextValue>> = fc
  .record(
    {
      'aws:SecureTransport': fc.constantFrom('true', 'false'),
      'aws:SourceIp': fc.constantFrom('10.1.2.3', '203.0.113.9', '198.51.100.7'),
      'aws:RequestedRegion': fc.constantFrom('us-east-1', 'eu-west-1'),
    },
    { requiredKeys: [] },
  )
  .map((c) => ({ ...c }) as Record<string, ContextValue>);

/** Arbitrary requests: a principal of the pool with tags, a Secrets Manager action, maybe a secret, a context. */
export const requestArb: fc.Arbitrary<AuthorizationRequest> = fc
  .record({
    principal: fc.constantFrom(...principals),
    tags: fc.constantFrom(...tagSets),
    action: fc.constantFrom(...smActions),
    resource: fc.option(fc.constantFrom(...resources), { freq: 5, nil: undefined }),
    context: contextArb,
  })
  .map((r) => {
    const request: AuthorizationRequest = { principal: { arn: r.principal.arn, tags: r.tags }, action: r.action, context: r.context };
    if (r.resource) request.resource = r.resource;
    return request;
  });

/** The organization's member accounts. */
export const orgAccounts: readonly string[] = [acct.a, acct.b];

function parse(doc: PolicyDoc, name: string, kind: PolicyKind): Policy {
  const r = parsePolicyText(JSON.stringify(doc, null, 2), { file: `${name}.json`, name, kind });
  if (!r.value)
    throw new Error(`generated policy \`${name}\` is invalid: ${r.diagnostics.map((d) => d.message).join('; ')}\n${JSON.stringify(doc)}`);
  return r.value;
}

/** Parses every document of a spec with the real parser into a PolicySet. */
export function buildSet(spec: SetSpec): PolicySet {
  const set: PolicySet = { identity: spec.identity.map((d, i) => parse(d, `identity-${i}`, 'identity')) };
  if (spec.boundary) set.boundary = parse(spec.boundary, 'boundary', 'boundary');
  if (spec.session) set.session = spec.session.map((d, i) => parse(d, `session-${i}`, 'session'));
  if (spec.resource) set.resource = parse(spec.resource, 'resource', 'resource');
  if (spec.scps || spec.rcps) {
    const scps = (spec.scps ?? []).map((level, l) => level.map((d, i) => parse(d, `scp-${l}-${i}`, 'scp')));
    const rcps = (spec.rcps ?? []).map((level, l) => level.map((d, i) => parse(d, `rcp-${l}-${i}`, 'rcp')));
    set.organization = { id: 'o-prop123456', accounts: orgAccounts, scps, rcps };
  }
  return set;
}

/** A deep copy of a spec (specs are plain JSON). */
export function cloneSpec(spec: SetSpec): SetSpec {
  return JSON.parse(JSON.stringify(spec)) as SetSpec;
}

/** Where a statement sits: the policy's place in the spec. */
export type PolicyPlace =
  | { layer: 'identity' | 'session'; policy: number }
  | { layer: 'boundary' | 'resource' }
  | { layer: 'scp' | 'rcp'; level: number; policy: number };

/** Every policy of a spec with its place. */
export function policiesOf(spec: SetSpec): { place: PolicyPlace; doc: PolicyDoc }[] {
  const out: { place: PolicyPlace; doc: PolicyDoc }[] = [];
  spec.identity.forEach((doc, policy) => out.push({ place: { layer: 'identity', policy }, doc }));
  if (spec.boundary) out.push({ place: { layer: 'boundary' }, doc: spec.boundary });
  spec.session?.forEach((doc, policy) => out.push({ place: { layer: 'session', policy }, doc }));
  if (spec.resource) out.push({ place: { layer: 'resource' }, doc: spec.resource });
  spec.scps?.forEach((lv, level) => lv.forEach((doc, policy) => out.push({ place: { layer: 'scp', level, policy }, doc })));
  spec.rcps?.forEach((lv, level) => lv.forEach((doc, policy) => out.push({ place: { layer: 'rcp', level, policy }, doc })));
  return out;
}

/** The document at `place` in `spec` (the same object, for in-place edits of a clone). */
export function docAt(spec: SetSpec, place: PolicyPlace): PolicyDoc {
  switch (place.layer) {
    case 'identity':
      return spec.identity[place.policy];
    case 'session':
      return spec.session![place.policy];
    case 'boundary':
      return spec.boundary!;
    case 'resource':
      return spec.resource!;
    case 'scp':
      return spec.scps![place.level][place.policy];
    case 'rcp':
      return spec.rcps![place.level][place.policy];
  }
}

/** `text` with each letter upper- or lower-cased by `mask` (cycled). */
export function recase(text: string, mask: readonly boolean[]): string {
  return [...text].map((ch, i) => (mask[i % mask.length] ? ch.toUpperCase() : ch.toLowerCase())).join('');
}

/**
 * A permutation of `items`: a stable sort by `keys[i]` (cycled), so any order can be drawn and
 * fast-check shrinks towards the original order (all keys equal).
 */
export function permute<T>(items: readonly T[], keys: readonly number[]): T[] {
  if (keys.length === 0) return [...items];
  return items
    .map((item, i) => ({ item, key: keys[i % keys.length] }))
    .sort((x, y) => x.key - y.key)
    .map((x) => x.item);
}

/**
 * Property-based tests of the engine (issue 7): invariants of AWS's evaluation logic that must
 * hold for any policies and any request. Policies are generated as JSON text and parsed with the
 * real parser (`parsePolicyText`); only public APIs are used.
 *
 * Seeded and bounded: a failure prints fast-check's shrunk counterexample with its seed and path,
 * so it reproduces exactly (`fc.assert(..., { seed, path })`).
 *
 * Source of the rules: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 * (an explicit Deny in any applicable policy overrides every Allow; without an Allow the request
 * is implicitly denied), and https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * (action names are case-insensitive).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { evaluate } from '../../runner/engine';
import type { AuthorizationRequest, Decision } from '../../runner/engine/types';
import {
  buildSet,
  cloneSpec,
  docAt,
  orgAccounts,
  permute,
  policiesOf,
  recase,
  requestArb,
  setSpecArb,
  statementArb,
  type PolicyDoc,
  type PolicyPlace,
  type SetSpec,
  type StatementDoc,
} from './arbitraries';

/**
 * Seeded and bounded: every run checks the same 200 cases. To explore further by hand, set
 * `IAMSPEC_FC_SEED` and `IAMSPEC_FC_RUNS` (`npm test` never does).
 */
const params: fc.Parameters<unknown> = {
  seed: Number(process.env.IAMSPEC_FC_SEED ?? 0x1a3b5c7d),
  numRuns: Number(process.env.IAMSPEC_FC_RUNS ?? 200),
};

function decisionOf(spec: SetSpec, request: AuthorizationRequest): Decision {
  return evaluate(request, buildSet(spec)).decision;
}

/** A statement that cannot match a Secrets Manager request: keeps a policy non-empty, changes nothing. */
function inert(layer: PolicyPlace['layer']): StatementDoc {
  return { Effect: 'Allow', ...(layer === 'resource' ? { Principal: '*' } : {}), Action: 'iam:GetUser', Resource: '*' };
}

/** `stmt` in the grammar of `layer`: a Principal for resource-based policies; `"*"` and no NotAction for RCPs. */
function forLayer(stmt: StatementDoc, layer: PolicyPlace['layer']): StatementDoc {
  const copy = { ...stmt };
  if (layer === 'resource') copy.Principal ??= '*';
  else if (layer === 'rcp') copy.Principal = '*';
  else delete copy.Principal;
  if (layer === 'rcp' && copy.NotAction !== undefined) {
    // RCPs reject NotAction; the statement stays a Deny, so the property still applies.
    copy.Action = copy.NotAction;
    delete copy.NotAction;
  }
  return copy;
}

/**
 * `spec` with `stmt` inserted into the `where`-th policy (or a new identity policy) at `pos`;
 * with `skipRcps`, RCPs are not counted among the places.
 */
function withStatement(spec: SetSpec, stmt: StatementDoc, where: number, pos: number, skipRcps = false): SetSpec {
  const out = cloneSpec(spec);
  const places = policiesOf(out)
    .map((p) => p.place)
    .filter((p) => !skipRcps || p.layer !== 'rcp');
  const i = where % (places.length + 1);
  if (i === places.length) {
    out.identity.push({ Version: '2012-10-17', Statement: [forLayer(stmt, 'identity')] });
    return out;
  }
  const doc = docAt(out, places[i]);
  doc.Statement.splice(pos % (doc.Statement.length + 1), 0, forLayer(stmt, places[i].layer));
  return out;
}

/** Which layers certainly apply to the request, so a matching Deny there must decide. */
function applicableLayers(spec: SetSpec, request: AuthorizationRequest): PolicyPlace['layer'][] {
  const arn = request.principal.arn!;
  const anonymous = arn === '*';
  const account = anonymous ? undefined : arn.split(':')[4];
  // Identity-based policies, boundaries and session policies belong to IAM users, roles and
  // sessions: not to the root user (it has none) nor to an anonymous caller
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html).
  const iam = !anonymous && !arn.endsWith(':root');
  const layers: PolicyPlace['layer'][] = [];
  if (iam) layers.push('identity');
  if (iam && spec.boundary) layers.push('boundary');
  // Session policies limit role sessions and federated user sessions (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session).
  if ((arn.includes(':assumed-role/') || arn.includes(':federated-user/')) && spec.session) layers.push('session');
  if (request.resource) layers.push('resource');
  // SCPs apply to every principal of a member account, the root user included
  // (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html).
  if (spec.scps && account !== undefined && orgAccounts.includes(account)) layers.push('scp');
  // RCPs apply to resources of member accounts, whoever the caller, for the services RCPs support,
  // Secrets Manager among them (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html).
  if (spec.rcps && request.resource && orgAccounts.includes(request.resource.arn.split(':')[4])) layers.push('rcp');
  return layers;
}

describe('engine properties', () => {
  it('adding a Deny statement never turns a deny into an allow', () => {
    fc.assert(
      fc.property(setSpecArb, requestArb, statementArb('resource', 'Deny'), fc.nat(), fc.nat(), (spec, request, deny, where, pos) => {
        const before = decisionOf(spec, request);
        const after = decisionOf(withStatement(spec, deny, where, pos), request);
        if (before !== 'allow') expect(after, `was ${before}`).to.not.equal('allow');
        if (before === 'explicitDeny') expect(after).to.equal('explicitDeny');
      }),
      params,
    );
  });

  it('adding an Allow statement never turns an allow into a deny, nor changes an explicit deny', () => {
    fc.assert(
      fc.property(setSpecArb, requestArb, statementArb('resource', 'Allow'), fc.nat(), fc.nat(), (spec, request, allow, where, pos) => {
        const before = decisionOf(spec, request);
        // RCPs take no Allow statements besides RCPFullAWSAccess (AWS's RCP grammar): skip them.
        const after = decisionOf(withStatement(spec, allow, where, pos, true), request);
        if (before === 'allow') expect(after).to.equal('allow');
        if (before === 'explicitDeny') expect(after).to.equal('explicitDeny');
      }),
      params,
    );
  });

  it('removing an Allow statement never grants', () => {
    fc.assert(
      fc.property(setSpecArb, requestArb, fc.nat(), (spec, request, which) => {
        const allows = policiesOf(spec).flatMap(({ place, doc }) =>
          doc.Statement.flatMap((s, index) => (s.Effect === 'Allow' ? [{ place, index }] : [])),
        );
        fc.pre(allows.length > 0);
        const { place, index } = allows[which % allows.length];
        const smaller = cloneSpec(spec);
        const doc = docAt(smaller, place);
        // AWS rejects an empty Statement list: put a statement that matches nothing in its stead.
        doc.Statement.splice(index, 1, ...(doc.Statement.length === 1 ? [inert(place.layer)] : []));
        const before = decisionOf(spec, request);
        const after = decisionOf(smaller, request);
        if (before !== 'allow') expect(after, `was ${before}`).to.not.equal('allow');
        if (before === 'explicitDeny') expect(after).to.equal('explicitDeny');
      }),
      params,
    );
  });

  it('statement order and policy order never change the decision', () => {
    const keys = fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(setSpecArb, requestArb, keys, keys, (spec, request, statementKeys, policyKeys) => {
        const shuffle = (d: PolicyDoc): PolicyDoc => ({ ...d, Statement: permute(d.Statement, statementKeys) });
        const moved: SetSpec = { identity: permute(spec.identity.map(shuffle), policyKeys) };
        if (spec.boundary) moved.boundary = shuffle(spec.boundary);
        if (spec.session) moved.session = permute(spec.session.map(shuffle), [...policyKeys].reverse());
        if (spec.resource) moved.resource = shuffle(spec.resource);
        if (spec.scps) moved.scps = spec.scps.map((level) => permute(level.map(shuffle), policyKeys));
        if (spec.rcps) moved.rcps = spec.rcps.map((level) => permute(level.map(shuffle), policyKeys));
        expect(decisionOf(moved, request)).to.equal(decisionOf(spec, request));
      }),
      params,
    );
  });

  it('the case of the requested action never changes the decision', () => {
    fc.assert(
      fc.property(setSpecArb, requestArb, fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }), (spec, request, mask) => {
        const set = buildSet(spec);
        const recased = { ...request, action: recase(request.action, mask) };
        expect(evaluate(recased, set).decision, recased.action).to.equal(evaluate(request, set).decision);
      }),
      params,
    );
  });

  it('the case of Action and NotAction entries in policies never changes the decision', () => {
    fc.assert(
      fc.property(setSpecArb, requestArb, fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }), (spec, request, mask) => {
        const recased = cloneSpec(spec);
        for (const { doc } of policiesOf(recased)) {
          for (const s of doc.Statement) {
            for (const key of ['Action', 'NotAction']) {
              const v = s[key] as string | string[] | undefined;
              if (v !== undefined) s[key] = Array.isArray(v) ? v.map((a) => recase(a, mask)) : recase(v, mask);
            }
          }
        }
        expect(decisionOf(recased, request)).to.equal(decisionOf(spec, request));
      }),
      params,
    );
  });

  it('the fast path and the explaining path agree on the decision', () => {
    fc.assert(
      fc.property(setSpecArb, requestArb, (spec, request) => {
        const set = buildSet(spec);
        const fast = evaluate(request, set);
        const slow = evaluate(request, set, { explain: true });
        expect(fast.explanation, 'the fast path builds no explanation').to.equal(undefined);
        expect(slow.decision).to.equal(fast.decision);
        expect(slow.explanation?.decision).to.equal(fast.decision);
      }),
      params,
    );
  });

  it('a Deny of every action on every resource in an applicable policy always decides explicitDeny', () => {
    fc.assert(
      fc.property(setSpecArb, requestArb, fc.nat(), fc.nat(), (spec, request, which, pos) => {
        const layers = applicableLayers(spec, request);
        fc.pre(layers.length > 0);
        const layer = layers[which % layers.length];
        const out = cloneSpec(spec);
        const deny = forLayer({ Effect: 'Deny', Action: '*', Resource: '*' }, layer);
        const add = (doc: PolicyDoc): void => void doc.Statement.splice(pos % (doc.Statement.length + 1), 0, deny);
        const fresh = (): PolicyDoc => ({ Version: '2012-10-17', Statement: [deny] });
        if (layer === 'identity') out.identity.push(fresh());
        else if (layer === 'boundary') add(out.boundary!);
        else if (layer === 'session') add(out.session![pos % out.session!.length]);
        else if (layer === 'resource') out.resource ? add(out.resource) : (out.resource = fresh());
        else if (layer === 'scp') add(out.scps![pos % out.scps!.length][0]);
        else add(out.rcps![pos % out.rcps!.length][0]);
        const set = buildSet(out);
        expect(evaluate(request, set).decision, `Deny in ${layer}`).to.equal('explicitDeny');
        expect(evaluate(request, set, { explain: true }).decision, `Deny in ${layer}, explained`).to.equal('explicitDeny');
      }),
      params,
    );
  });
});

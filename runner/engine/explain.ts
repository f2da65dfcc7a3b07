/**
 * Builds the Explanation from the facts, the outcome and the trace the explaining path recorded.
 * Data only (rule and layer ids, statements with spans, missing keys): the reporters word it
 * (reports/explain-text.ts).
 */
import type { Outcome } from './decide';
import type { Facts, StatementRef, Tracer, Verdict } from './policy-types';
import { layerOrder, type Layer } from './layers';
import type { Explanation, ExplainedRequest, LayerTrace, StatementTrace } from './types';

/** Assembles the explanation of one evaluation. */
export function explain(f: Facts, o: Outcome, tracer: Tracer): Explanation {
  const deciding = decidingRefs(o, tracer).map((r) => {
    const s = r.policy.statements.find((st) => st.index === r.index)!;
    return {
      policy: r.policy.name,
      layer: r.layer,
      ...(r.level !== undefined ? { level: r.level } : {}),
      index: r.index,
      ...(s.sid ? { sid: s.sid.value } : {}),
      span: s.span,
    };
  });
  const context = f.ctx.materialize();
  const present = new Set(Object.keys(context).map((k) => k.toLowerCase()));
  const missing = new Set<string>();
  const noteMissing = (st: StatementTrace): void => {
    for (const c of st.conditions) if (!present.has(c.key.toLowerCase())) missing.add(c.key);
    for (const [name, value] of Object.entries(st.variables ?? {}))
      if (value === null && !present.has(name.toLowerCase())) missing.add(name);
  };
  for (const pt of tracer.policies) pt.statements.forEach(noteMissing);
  // Without statement traces (policy-types.ts `Tracer.untraced`): the same keys, kept apart.
  if (tracer.untraced) {
    tracer.untraced.statements.forEach(noteMissing);
    for (const key of tracer.untraced.conditionKeys) if (!present.has(key.toLowerCase())) missing.add(key);
  }
  const x: Explanation = {
    decision: o.decision,
    rule: o.rule,
    decidedBy: o.layer,
    grantedBy: [...o.grantedBy],
    request: explainedRequest(f),
    deciding,
    layers: layerTraces(f, o),
    policies: tracer.policies,
    context,
    missingContextKeys: [...missing].sort(),
  };
  if (o.level !== undefined) x.level = o.level;
  if (f.explicitDeny) x.explicitDeny = { ...f.explicitDeny };
  if (f.requiredResourcePolicy !== undefined) x.requiredResourcePolicy = f.requiredResourcePolicy;
  if (f.serviceDeny) x.serviceDenial = { ...f.serviceDeny };
  if (f.sessionPolicyCount !== undefined) x.sessionPolicyCount = f.sessionPolicyCount;
  return x;
}

function explainedRequest(f: Facts): ExplainedRequest {
  const p = f.ctx.principal;
  const r: ExplainedRequest = {
    action: f.ctx.request.action,
    principalKind: p.kind,
    sameAccount: f.sameAccount,
    hasResourcePolicy: f.resource !== undefined,
  };
  if (p.account !== undefined) r.principalAccount = p.account;
  if (f.ctx.resourceAccount !== undefined) r.resourceAccount = f.ctx.resourceAccount;
  return r;
}

function decidingRefs(o: Outcome, tracer: Tracer): StatementRef[] {
  if (o.decision === 'explicitDeny') return tracer.denies;
  if (o.decision === 'implicitDeny') return [];
  return tracer.allows.filter(
    (r) =>
      o.grantedBy.includes(r.layer) &&
      (r.layer !== 'resource' || (r.principalMatch !== undefined && (o.grantKinds ?? []).includes(r.principalMatch))),
  );
}

function verdictResult(v: Verdict): LayerTrace['result'] {
  return v.deny ? 'explicitDeny' : v.allow ? 'allow' : 'implicitDeny';
}

// An RCP level always allows: RCPFullAWSAccess is attached at every level (decide.ts, rcpFullAccess).
const rcpResult = (v: Verdict): LayerTrace['result'] => (v.deny ? 'explicitDeny' : 'allow');

function levelTraces(layer: Layer, vs: readonly Verdict[] | undefined, result: (v: Verdict) => LayerTrace['result']): LayerTrace[] {
  return vs ? vs.map((v, level) => ({ layer, level, result: result(v) })) : [{ layer, result: 'notApplicable' }];
}

function oneTrace(layer: Layer, v: Verdict | undefined): LayerTrace[] {
  return [{ layer, result: v ? verdictResult(v) : 'notApplicable' }];
}

/** Each layer's verdicts from the facts; the Record makes a new layer in layers.ts need an entry. */
const tracesOf: Record<Layer, (f: Facts) => LayerTrace[]> = {
  scp: (f) => levelTraces('scp', f.scp, verdictResult),
  rcp: (f) => levelTraces('rcp', f.rcp, rcpResult),
  endpoint: (f) => oneTrace('endpoint', f.endpoint),
  resource: (f) => oneTrace('resource', f.resource),
  boundary: (f) => oneTrace('boundary', f.boundary),
  session: (f) => oneTrace('session', f.session),
  identity: (f) => oneTrace('identity', f.identity),
  service: (f) => [{ layer: 'service', result: f.serviceDeny !== undefined ? 'implicitDeny' : 'notApplicable' }],
};

function layerTraces(f: Facts, o: Outcome): LayerTrace[] {
  const out = layerOrder.flatMap((layer) => tracesOf[layer](f));
  // A missing policy that had to allow (no key policy, no trust policy, no resource-based policy
  // across accounts) decides by its absence: the deciding layer shows the implicit deny it caused.
  const decided = out.find((l) => l.layer === o.layer && (o.level === undefined || l.level === o.level));
  if (decided && o.decision !== 'allow' && decided.result === 'notApplicable') decided.result = o.decision;
  return out;
}

/**
 * Builds the Explanation from the facts, the outcome and the trace the explaining path recorded.
 * Data only: reporters render it.
 */
import type { Outcome } from './decide';
import { describe, layerName } from './decide';
import type { Facts, StatementRef, Tracer, Verdict } from './policy-types';
import type { Explanation, LayerTrace } from './types';

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
  for (const pt of tracer.policies) {
    for (const st of pt.statements) {
      for (const c of st.conditions) if (!present.has(c.key.toLowerCase())) missing.add(c.key);
      for (const [name, value] of Object.entries(st.variables ?? {})) if (value === null && !present.has(name.toLowerCase())) missing.add(name);
    }
  }
  return {
    decision: o.decision,
    decidedBy: o.layer,
    summary: describe(o, f),
    deciding,
    layers: layerTraces(f, o),
    policies: tracer.policies,
    context,
    missingContextKeys: [...missing].sort(),
  };
}

function decidingRefs(o: Outcome, tracer: Tracer): StatementRef[] {
  if (o.decision === 'explicitDeny') return tracer.denies;
  if (o.decision === 'implicitDeny') return [];
  return tracer.allows.filter(
    (r) => o.grantedBy.includes(r.layer) && (r.layer !== 'resource' || (r.principalMatch !== undefined && (o.grantKinds ?? []).includes(r.principalMatch))),
  );
}

function verdictResult(v: Verdict): LayerTrace['result'] {
  return v.deny ? 'explicitDeny' : v.allow ? 'allow' : 'implicitDeny';
}

function layerTraces(f: Facts, o: Outcome): LayerTrace[] {
  const out: LayerTrace[] = [];
  const action = `\`${f.ctx.request.action}\``;
  const say = (v: Verdict, what: string): string =>
    v.deny ? `${what}: an explicit Deny for ${action}` : v.allow ? `${what}: an Allow for ${action}` : `${what}: no Allow for ${action}`;
  if (f.scp) f.scp.forEach((v, i) => out.push({ layer: 'scp', level: i, result: verdictResult(v), reason: say(v, `SCP level ${i}`) }));
  else out.push({ layer: 'scp', result: 'notApplicable', reason: 'SCPs do not apply to this principal' });
  if (f.rcp) {
    f.rcp.forEach((v, i) =>
      out.push({ layer: 'rcp', level: i, result: v.deny ? 'explicitDeny' : 'allow', reason: v.deny ? `RCP level ${i}: an explicit Deny for ${action}` : `RCP level ${i}: no Deny (RCPFullAWSAccess allows)` }),
    );
  } else out.push({ layer: 'rcp', result: 'notApplicable', reason: 'RCPs do not apply to this request' });
  const layer = (name: 'resource' | 'boundary' | 'session' | 'identity', v: Verdict | undefined, absent: string): void => {
    out.push(v ? { layer: name, result: verdictResult(v), reason: say(v, layerName(name)) } : { layer: name, result: 'notApplicable', reason: absent });
  };
  layer('resource', f.resource, 'no resource-based policy applies');
  layer('boundary', f.boundary, 'no permissions boundary applies');
  layer('session', f.session, 'no session policy applies');
  layer('identity', f.identity, 'identity-based policies do not apply to this principal');
  out.push(
    f.serviceDeny !== undefined
      ? { layer: 'service', result: 'implicitDeny', reason: f.serviceDeny }
      : { layer: 'service', result: 'notApplicable', reason: 'no service rule applies' },
  );
  // The deciding layer's line states the rule that decided.
  const decided = out.find((l) => l.layer === o.layer && (o.level === undefined || l.level === o.level));
  if (decided && o.decision !== 'allow') decided.reason = describe(o, f);
  return out;
}

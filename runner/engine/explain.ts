/**
 * Builds the Explanation from the facts, the outcome and the trace the explaining path recorded.
 * Data only: reporters render it.
 */
import { assertNever, layerName, type Outcome } from './decide';
import type { Facts, StatementRef, Tracer, Verdict } from './policy-types';
import type { Explanation, Layer, LayerTrace } from './types';

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
  if (decided && o.decision !== 'allow') {
    decided.reason = describe(o, f);
    // A missing policy that had to allow (no key policy, no trust policy, no resource-based policy
    // across accounts) decides by its absence: the line shows the implicit deny it caused.
    if (decided.result === 'notApplicable') decided.result = o.decision;
  }
  return out;
}

// Layers named in the singular by layerName: `the resource-based policy allows`.
const singularLayers: ReadonlySet<Layer> = new Set(['resource', 'boundary', 'service']);

/** The layers that granted, with the verb agreeing: `the resource-based policy allows`. */
function granters(grantedBy: readonly Layer[]): string {
  if (grantedBy.length === 0) return 'every applicable layer allows';
  const verb = grantedBy.length === 1 && singularLayers.has(grantedBy[0]) ? 'allows' : 'allow';
  return `${grantedBy.map(layerName).join(' and ')} ${verb}`;
}

/** The request's action in backticks, for reasons. */
function quoted(f: Facts): string {
  return `\`${f.ctx.request.action}\``;
}

const kindName: Record<Layer, string> = {
  scp: 'SCP',
  rcp: 'RCP',
  resource: 'resource-based policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  identity: 'identity-based policy',
  service: 'service rule',
};

/**
 * The outcome in one line, for people: one arm per evaluation rule of decide.ts (explanations
 * only: the fast path builds no text).
 */
export function describe(o: Outcome, f: Facts): string {
  const p = f.ctx.principal;
  const action = quoted(f);
  const caller = p.kind === 'service' ? 'the service principal' : p.kind === 'anonymous' ? 'the anonymous caller' : `account \`${p.account}\``;
  switch (o.rule) {
    case 'explicitDeny': {
      const d = f.explicitDeny!;
      const where = d.level !== undefined ? `${d.layer.toUpperCase()} level ${d.level}` : kindName[d.layer];
      return `policy \`${d.policy}\` (${where}) explicitly denies ${action}`;
    }
    case 'rcpFullAccess':
      return `RCPs do not deny ${action}`;
    case 'scpEveryLevel':
      return `SCP level ${o.level} has no Allow for ${action}`;
    case 'serviceRule':
      return f.serviceDeny ?? `the service denies ${action}`;
    case 'resourcePolicyRequired': {
      const policy = f.requiredResourcePolicy ?? 'resource-based policy';
      return f.resource
        ? `the ${policy} does not allow ${action}, and a ${policy} must allow even within one account`
        : `the scenario gives no ${policy}, and a ${policy} must allow ${action} even within one account`;
    }
    case 'resourceOnlyCaller':
    case 'rootUser':
      if (o.decision === 'allow' && o.layer === 'identity') return `the account root user has full access in its own account`;
      return o.decision === 'allow' ? `the resource-based policy allows ${caller} ${action}` : `no resource-based policy statement allows ${caller} ${action}`;
    case 'sameAccountResourceGrant':
      return `the resource-based policy in the same account names the caller: it allows ${action}`;
    case 'crossAccountResourceSide':
      return f.resource
        ? `the resource-based policy of account \`${f.ctx.resourceAccount}\` does not allow ${action} to a principal of account \`${p.account}\``
        : `the resource has no resource-based policy, so account \`${p.account}\` cannot be allowed ${action} across accounts`;
    case 'identityAllow':
      return `no identity-based policy allows ${action}`;
    case 'boundaryAllow':
      return `the permissions boundary has no Allow for ${action}`;
    case 'sessionAllow':
      return f.sessionPolicyCount === 0 ? `a federated user session without a session policy has no permissions` : `no session policy allows ${action}`;
    case 'allow':
      return f.sameAccount
        ? `allowed: ${granters(o.grantedBy)} ${action}`
        : `allowed across accounts: the identity-based policies and the resource-based policy both allow ${action}`;
    default:
      return assertNever(o.rule);
  }
}


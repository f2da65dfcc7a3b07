/**
 * PRIVILEGE_ESCALATION: a principal the scenarios define can take more permissions than it has,
 * by one of the known paths (escalation-paths.ts). Decided with the engine over all the
 * principal's policy layers (identity-based policies, permissions boundary, session policies,
 * SCPs): a path counts when the engine allows every one of its requests, each on an example
 * resource in the principal's own account, never by matching policy text.
 */
import type { Catalog } from '../../catalog/types';
import { evaluate } from '../engine/evaluate';
import type { AuthorizationRequest, PolicySet } from '../engine/types';
import type { Principal, Scenario } from '../model/types';
import { parsePolicyText } from '../policy/parse';
import type { Policy } from '../policy/types';
import { escalationPaths, type EscalationPath, type EscalationStep } from './escalation-paths';
import { checkRules, type Finding } from './findings';
import { exampleArn } from './public-access';

/** The principal's own IAM identity: its user, or the role of its session; undefined for the root user and callers without an ARN. */
function selfOf(p: Principal): { kind: 'user' | 'role'; arn: string; account: string } | undefined {
  const arn = p.request.arn;
  if (!arn || arn === '*' || p.request.federated !== undefined) return undefined;
  const m = /^arn:[^:]+:(iam|sts)::(\d{12}):(user|role|assumed-role)\/(.+)$/.exec(arn);
  if (!m) return undefined;
  const [, , account, type, rest] = m;
  if (type === 'user') return { kind: 'user', arn, account };
  if (type === 'role') return { kind: 'role', arn, account };
  return { kind: 'role', arn: p.request.roleArn ?? `arn:aws:iam::${account}:role/${rest.split('/')[0]}`, account };
}

/** The request of one step, or undefined when the step does not apply to this principal (a user's action for a role). */
function requestOf(
  step: EscalationStep,
  p: Principal,
  self: NonNullable<ReturnType<typeof selfOf>>,
  catalog: Catalog,
): AuthorizationRequest | undefined {
  const account = self.account;
  let arn: string | undefined;
  switch (step.resource) {
    case 'self':
      if (/User/.test(step.action) !== (self.kind === 'user')) return undefined;
      arn = self.arn;
      break;
    case 'policy':
      arn = `arn:aws:iam::${account}:policy/example`;
      break;
    case 'user':
      arn = `arn:aws:iam::${account}:user/example-other`;
      break;
    case 'role':
      arn = `arn:aws:iam::${account}:role/example-privileged`;
      break;
    case 'group':
      arn = `arn:aws:iam::${account}:group/example-admins`;
      break;
    case 'catalog': {
      const action = catalog.action(step.action);
      // INVARIANT: every path names actions of the catalog (escalation-paths.test.ts checks it).
      if (!action) throw new Error(`escalation path action \`${step.action}\` is not in the catalog`);
      arn = exampleArn(catalog, action, account);
      break;
    }
  }
  const context = step.passedToService ? { 'iam:PassedToService': step.passedToService } : {};
  return { principal: p.request, action: step.action, context, ...(arn ? { resource: { arn, account } } : {}) };
}

/** A role trust policy that lets `arn` assume the role. */
function trustNaming(arn: string): Policy {
  const text = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: arn }, Action: 'sts:AssumeRole' }],
  });
  const parsed = parsePolicyText(text, { file: '<escalation>', name: 'written trust policy', kind: 'resource', resourceType: 'trust' });
  // INVARIANT: the document is well-formed for any IAM user or role ARN.
  if (!parsed.value) throw new Error(`trust policy for \`${arn}\` does not parse`);
  return parsed.value;
}

/** The paths the engine lets the principal take. */
export function escalationsOf(p: Principal, scenario: Scenario, catalog: Catalog): EscalationPath[] {
  const self = selfOf(p);
  if (!self || p.policies.length === 0) return [];
  const policies: PolicySet = { identity: p.policies };
  if (p.boundary) policies.boundary = p.boundary;
  if (p.sessionPolicies.length > 0) policies.session = p.sessionPolicies;
  if (scenario.organization) policies.organization = scenario.organization;
  return escalationPaths.filter((path) =>
    path.steps.every((step) => {
      const request = requestOf(step, p, self, catalog);
      if (request === undefined) return false;
      const set = step.trustsSelf ? { ...policies, resource: trustNaming(self.arn) } : policies;
      return evaluate(request, set).decision === 'allow';
    }),
  );
}

/** One finding per principal that can escalate, naming its paths. */
export function checkPrivilegeEscalation(scenario: Scenario, catalog: Catalog): Finding[] {
  const out: Finding[] = [];
  for (const p of scenario.principals.values()) {
    const paths = escalationsOf(p, scenario, catalog);
    if (paths.length === 0) continue;
    const named = paths.slice(0, 3).map((path) => `${path.steps.map((s) => `\`${s.action}\``).join(' + ')} (${path.description})`);
    const more = paths.length > 3 ? `, and ${paths.length - 3} more path${paths.length === 4 ? '' : 's'}` : '';
    out.push({
      code: 'PRIVILEGE_ESCALATION',
      severity: checkRules.PRIVILEGE_ESCALATION.severity,
      message: `principal \`${p.name}\` can escalate its privileges: ${named.join('; ')}${more}`,
      span: p.span,
      help: 'limit these actions to named resources (`Resource`), or deny them with a permissions boundary or an SCP',
    });
  }
  return out;
}

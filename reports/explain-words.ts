/**
 * The English of an explanation: the engine's explanation is data (rule id, layer ids,
 * statements, the request facts the rule needs), and these functions word it for the console and
 * JUnit reporters (explain-text.ts). One arm per evaluation rule (runner/engine/decide.ts), one
 * per layer, one per service denial; the compiler checks the rule and layer arms.
 */
import type { DependentExplanation, Explanation, Layer, LayerTrace, ServiceDenial } from './events';
import { layerSpecs } from './events';

function tick(value: string): string {
  return `\`${value}\``;
}

/** `SCP level 2`, or `identity-based policy`: where one policy sits. */
function onePolicyOf(layer: Layer, level: number | undefined): string {
  const one = layerSpecs[layer].onePolicy;
  return level !== undefined ? `${one} level ${level}` : one;
}

/** The layers that granted, with the verb agreeing: `the resource-based policy allows`. */
function granters(grantedBy: readonly Layer[]): string {
  if (grantedBy.length === 0) return 'every applicable layer allows';
  const verb = grantedBy.length === 1 && layerSpecs[grantedBy[0]].singular ? 'allows' : 'allow';
  return `${grantedBy.map((l) => layerSpecs[l].subject).join(' and ')} ${verb}`;
}

/** Service denials by `service.id` (runner/engine/services/). */
const serviceDenials: Readonly<Record<string, string>> = {
  'secretsmanager.notCrossAccount': 'secrets manager does not allow this action on a secret of another account',
  'secretsmanager.awsManagedKey':
    'the secret is encrypted with the AWS managed key `aws/secretsmanager`, which principals of another account cannot use',
  'kms.notCrossAccount': 'AWS KMS does not allow this operation on a KMS key of another account',
};

/** Why the service denies, in one line; a denial without words here names its id. */
export function serviceDenialText(d: ServiceDenial): string {
  return serviceDenials[`${d.service}.${d.id}`] ?? `the ${d.service} service rule ${tick(d.id)} denies the request`;
}

/** Dependent requests by `service.id` (runner/engine/services/): why the service made them. */
const dependentReasons: Readonly<Record<string, string>> = {
  'secretsmanager.decryptSecretValue': "secrets manager decrypts the secret value with its KMS key in the caller's name",
  'secretsmanager.encryptSecretValue': "secrets manager asks the secret's KMS key for a data key in the caller's name",
};

/** Why the service made a dependent request, in one line; one without words here names its id. */
export function dependentReason(d: DependentExplanation): string {
  return dependentReasons[`${d.service}.${d.id}`] ?? `the ${d.service} service makes it (${tick(d.id)})`;
}

/** `kms:Decrypt` on `arn:...`: a dependent request in a few words. */
export function dependentLabel(d: DependentExplanation): string {
  return `${tick(d.action)} on ${tick(d.resource)}`;
}

/** The rule that decided, in one line: ``no identity-based policy allows `s3:GetObject` ``. */
export function ruleSentence(e: Explanation): string {
  const r = e.request;
  const action = tick(r.action);
  const caller =
    r.principalKind === 'service'
      ? 'the service principal'
      : r.principalKind === 'anonymous'
        ? 'the anonymous caller'
        : r.principalKind === 'federated'
          ? 'the federated caller'
          : `account ${tick(r.principalAccount ?? '')}`;
  switch (e.rule) {
    case 'explicitDeny': {
      const d = e.explicitDeny!;
      return `policy ${tick(d.policy)} (${onePolicyOf(d.layer, d.level)}) explicitly denies ${action}`;
    }
    case 'rcpFullAccess':
      return `RCPs do not deny ${action}`;
    case 'scpEveryLevel':
      return `SCP level ${e.level} has no Allow for ${action}`;
    case 'endpointAllow':
      return `the VPC endpoint policy has no Allow for ${action} by this caller, and a request through the endpoint needs one`;
    case 'serviceRule':
      return e.serviceDenial ? serviceDenialText(e.serviceDenial) : `the service denies ${action}`;
    case 'resourcePolicyRequired': {
      const policy = e.requiredResourcePolicy ?? 'resource-based policy';
      return r.hasResourcePolicy
        ? `the ${policy} does not allow ${action}, and a ${policy} must allow even within one account`
        : `the scenario gives no ${policy}, and a ${policy} must allow ${action} even within one account`;
    }
    case 'resourceOnlyCaller':
    case 'rootUser':
      if (e.decision === 'allow' && e.decidedBy === 'identity') return `the account root user has full access in its own account`;
      return e.decision === 'allow'
        ? `the resource-based policy allows ${caller} ${action}`
        : `no resource-based policy statement allows ${caller} ${action}`;
    case 'sameAccountResourceGrant':
      return `the resource-based policy in the same account names the caller: it allows ${action}`;
    case 'crossAccountResourceSide':
      return r.hasResourcePolicy
        ? `the resource-based policy of account ${tick(r.resourceAccount ?? '')} does not allow ${action} to a principal of account ${tick(r.principalAccount ?? '')}`
        : `the resource has no resource-based policy, so account ${tick(r.principalAccount ?? '')} cannot be allowed ${action} across accounts`;
    case 'identityAllow':
      return `no identity-based policy allows ${action}`;
    case 'boundaryAllow':
      return `the permissions boundary has no Allow for ${action}`;
    case 'sessionAllow':
      return e.sessionPolicyCount === 0
        ? `a federated user session without a session policy has no permissions`
        : `no session policy allows ${action}`;
    case 'dependentRequest': {
      const d = e.dependents?.find((x) => x.explanation.decision !== 'allow');
      if (!d) return `a request the service makes for ${action} is denied`;
      return `the request ${dependentLabel(d)} that ${action} needs is denied (${dependentReason(d)}): ${ruleSentence(d.explanation)}`;
    }
    case 'allow':
      return r.sameAccount
        ? `${granters(e.grantedBy)} ${action}`
        : `across accounts, the identity-based policies and the resource-based policy both allow ${action}`;
    default:
      return assertNever(e.rule);
  }
}

function assertNever(x: never): never {
  throw new Error(`unhandled evaluation rule ${String(x)}`);
}

/** Why a layer that does not take part is left out. */
const notApplicable: Record<Layer, string> = {
  scp: 'SCPs do not apply to this principal',
  rcp: 'RCPs do not apply to this request',
  endpoint: 'no VPC endpoint policy applies (no endpoint, or one with the default full-access policy)',
  resource: 'no resource-based policy applies',
  boundary: 'no permissions boundary applies',
  session: 'no session policy applies',
  identity: 'identity-based policies do not apply to this principal',
  service: 'no service rule applies',
};

/**
 * One layer's verdict in words, without the layer's name (the caller prints it first): the
 * deciding layer of a deny states the rule that decided.
 */
export function layerReason(e: Explanation, t: LayerTrace): string {
  const action = tick(e.request.action);
  if (e.decision !== 'allow' && t.layer === e.decidedBy && (e.level === undefined || t.level === e.level)) return ruleSentence(e);
  if (t.result === 'notApplicable') return notApplicable[t.layer];
  if (t.layer === 'service') return e.serviceDenial ? serviceDenialText(e.serviceDenial) : `the service denies ${action}`;
  if (t.result === 'explicitDeny') return `an explicit Deny for ${action}`;
  if (t.layer === 'rcp') return 'no Deny (RCPFullAWSAccess allows)';
  return t.result === 'allow' ? `an Allow for ${action}` : `no Allow for ${action}`;
}

/**
 * The request context: the keys the request carries, derived lazily from the principal and the
 * resource, with the keys the user gave winning.
 *
 * Derived global keys (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html,
 * sections "Properties of the principal" and "Properties of the resource"): aws:PrincipalArn (for a
 * role: its ARN, path included; for a role session: the role's ARN, with its path only when the
 * request gives RequestPrincipal.roleArn, since a session ARN has none), aws:PrincipalAccount, aws:PrincipalType, aws:username (IAM users
 * only), aws:userid where the engine knows it, aws:PrincipalTag/*, aws:PrincipalOrgID,
 * aws:PrincipalIsAWSService, aws:PrincipalServiceName, aws:ResourceAccount, aws:ResourceOrgID,
 * aws:ResourceTag/* with the service's own ResourceTag keys (services/resource-tag-keys.ts, from
 * the catalog), and the service's other keys (services/); for a request through a VPC endpoint
 * (AuthorizationRequest `endpoint`), aws:SourceVpce (its id) and aws:SourceVpc (its VPC)
 * (same page, section "Properties of the network"). Nothing else is invented: no default
 * aws:SourceIp, aws:SecureTransport or aws:CurrentTime.
 * Key names are case-insensitive (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html,
 * section "Condition key names are case-insensitive"); values are strings or lists of strings.
 */
import type { PlanCache } from './compile';
import { defineOwn } from './own';
import { principalInfo, type PrincipalInfo } from './principal-info';
import { tagValue } from './resource-tags';
import { serviceRules } from './services/registry';
import { serviceResourceTagPrefixes, type ResourceTagPrefix } from './services/resource-tag-keys';
import type { ServiceRules } from './services/types';
import type { AuthorizationRequest, ContextValue, Organization, RequestResource } from './types';

const userContextCache = new WeakMap<object, Map<string, ContextValue>>();
const resourceAccountCache = new WeakMap<RequestResource, string | undefined>();

interface ActionParts {
  action: string;
  service: string;
  name: string;
  rules: ServiceRules | undefined;
  plans: PlanCache;
  /** The service's own ResourceTag key prefixes (services/resource-tag-keys.ts). */
  tagPrefixes: readonly ResourceTagPrefix[];
}

// Requests name few distinct actions: parse each once (bounded; deterministic).
const actionCache = new Map<string, ActionParts>();

function actionParts(raw: string): ActionParts {
  let a = actionCache.get(raw);
  if (!a) {
    const action = raw.toLowerCase();
    const colon = action.indexOf(':');
    const service = colon < 0 ? action : action.slice(0, colon);
    a = {
      action,
      service,
      name: colon < 0 ? '' : action.slice(colon + 1),
      rules: serviceRules(service),
      plans: new WeakMap(),
      tagPrefixes: serviceResourceTagPrefixes(service),
    };
    if (actionCache.size >= 65536) actionCache.clear();
    actionCache.set(raw, a);
  }
  return a;
}

function resourceAccountOf(r: RequestResource): string | undefined {
  if (resourceAccountCache.has(r)) return resourceAccountCache.get(r);
  const account = r.account ?? /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(r.arn)?.[1];
  resourceAccountCache.set(r, account);
  return account;
}

function lowered(context: Readonly<Record<string, ContextValue>>): Map<string, ContextValue> {
  let m = userContextCache.get(context);
  if (!m) {
    m = new Map();
    for (const [k, v] of Object.entries(context)) m.set(k.toLowerCase(), v);
    userContextCache.set(context, m);
  }
  return m;
}

// aws:PrincipalType values: section "aws:PrincipalType" of the global condition keys page, and
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html section
// "Request information that you can use for policy variables" (aws:userid per principal kind).
const principalTypes: Record<PrincipalInfo['kind'], string | undefined> = {
  user: 'User',
  role: 'AssumedRole',
  assumedRole: 'AssumedRole',
  federatedUser: 'FederatedUser',
  root: 'Account',
  anonymous: 'Anonymous',
  service: undefined,
  // A web identity or SAML caller: the engine derives no principal keys for it (its claims are
  // the request's own keys, such as `token.actions.githubusercontent.com:sub`).
  federated: undefined,
};

/** One request's context, resolved lazily. */
export class RequestContext {
  /** The caller. */
  readonly principal: PrincipalInfo;
  /**
   * The resource's owning account: the resource's `account` when given, else the account in its
   * ARN, else (an ARN without an account, such as an S3 bucket or object) the caller's account.
   * Undefined when the request is on `*`, or the ARN has no account and the caller has none (an
   * anonymous caller or a service principal).
   */
  readonly resourceAccount: string | undefined;
  /** True when {@link resourceAccount} is the caller's account by assumption (the ARN has no account). */
  readonly resourceAccountAssumed: boolean;
  /** The action, lowercase (`secretsmanager:getsecretvalue`). */
  readonly action: string;
  /** The service prefix of the action, lowercase. */
  readonly service: string;
  /** The action name without the prefix, lowercase. */
  readonly actionName: string;
  private readonly user: Map<string, ContextValue>;
  /** The service's quirks, if it has any. */
  readonly rules: ServiceRules | undefined;
  /** The fast path's plans for this action, per layer (compile.ts `layerPlan`). */
  readonly plans: PlanCache;
  /** The request's resource, if any. */
  readonly resource: RequestResource | undefined;
  /** The action's service's own ResourceTag key prefixes (`ec2:ResourceTag/`), lowercase and as spelled. */
  readonly tagPrefixes: readonly ResourceTagPrefix[];

  constructor(
    readonly request: AuthorizationRequest,
    readonly organization: Organization | undefined,
  ) {
    this.principal = principalInfo(request.principal);
    this.user = lowered(request.context);
    const r = request.resource;
    // The same-account assumption: a resource whose ARN has no account (S3 buckets and objects,
    // `arn:aws:s3:::bucket/key`) and no `account` given is taken to be in the caller's account,
    // everywhere the engine reads the resource's account: aws:ResourceAccount and aws:ResourceOrgID,
    // whether RCPs apply, and same-account versus cross-account evaluation. Nothing in the request
    // says otherwise, and AWS always knows the owner; give the resource's `account` to test
    // cross-account access to such a resource (an explicit `account` always wins).
    const known = r ? resourceAccountOf(r) : undefined;
    this.resourceAccount = r ? (known ?? this.principal.account) : undefined;
    this.resourceAccountAssumed = r !== undefined && known === undefined && this.principal.account !== undefined;
    const a = actionParts(request.action);
    this.action = a.action;
    this.service = a.service;
    this.actionName = a.name;
    this.rules = a.rules;
    this.plans = a.plans;
    this.tagPrefixes = a.tagPrefixes;
    this.resource = r;
  }

  /** The value of a lowercase key: the user's if given, else derived, else undefined. */
  get(lowerKey: string): ContextValue | undefined {
    const given = this.user.get(lowerKey);
    return given !== undefined ? given : this.derived(lowerKey);
  }

  /** True when the org has the account as a member. */
  inOrganization(account: string | undefined): boolean {
    return account !== undefined && this.organization !== undefined && this.organization.accounts.includes(account);
  }

  private derived(key: string): string | undefined {
    const p = this.principal;
    const r = this.request.resource;
    switch (key) {
      case 'aws:principalarn':
        // A role session's aws:PrincipalArn is its role's ARN (global condition keys page, section
        // "aws:PrincipalArn", example values per principal type); a role's own ARN keeps its path.
        return p.kind === 'assumedRole' ? p.roleArn : p.arn;
      case 'aws:principalaccount':
        return p.account;
      case 'aws:principaltype':
        return principalTypes[p.kind];
      case 'aws:username':
        return p.kind === 'user' ? p.userName : undefined;
      case 'aws:userid':
        if (p.kind === 'root') return p.account;
        // Anonymous callers have none ("anonymous users will not populate the ${aws:userid}
        // variable", policy variables page, section "Specifying default values"); unique ids of
        // users and roles are not known offline.
        return p.kind === 'federatedUser' ? `${p.account}:${p.federatedName}` : undefined;
      case 'aws:principalorgid':
        return this.inOrganization(p.account) ? this.organization!.id : undefined;
      case 'aws:principalisawsservice':
        return p.kind === 'anonymous' || p.kind === 'federated' ? undefined : p.kind === 'service' ? 'true' : 'false';
      case 'aws:principalservicename':
        return p.service;
      case 'aws:resourceaccount':
        return this.resourceAccount;
      case 'aws:resourceorgid':
        return this.inOrganization(this.resourceAccount) ? this.organization!.id : undefined;
      case 'aws:sourcevpce':
        return this.request.endpoint?.id;
      case 'aws:sourcevpc':
        return this.request.endpoint?.vpc;
    }
    if (key.startsWith('aws:principaltag/')) return p.tags.get(key.slice('aws:principaltag/'.length));
    if (!r) return undefined;
    if (key.startsWith('aws:resourcetag/')) return tagValue(r, key.slice('aws:resourcetag/'.length));
    // The service's own ResourceTag keys for the same tags (services/resource-tag-keys.ts).
    for (let i = 0; i < this.tagPrefixes.length; i++) {
      const p = this.tagPrefixes[i].lower;
      if (key.length > p.length && key.startsWith(p)) return tagValue(r, key.slice(p.length));
    }
    return this.rules?.contextValue?.(key, r);
  }

  /** Every key of the context in AWS's spelling (explanations only; not on the fast path). */
  materialize(): Record<string, ContextValue> {
    const out: Record<string, ContextValue> = {};
    const derivedNames = [
      'aws:PrincipalArn',
      'aws:PrincipalAccount',
      'aws:PrincipalType',
      'aws:username',
      'aws:userid',
      'aws:PrincipalOrgID',
      'aws:PrincipalIsAWSService',
      'aws:PrincipalServiceName',
      'aws:ResourceAccount',
      'aws:ResourceOrgID',
      'aws:SourceVpce',
      'aws:SourceVpc',
    ];
    for (const name of derivedNames) {
      const v = this.derived(name.toLowerCase());
      if (v !== undefined) defineOwn(out, name, v);
    }
    for (const [k, v] of Object.entries(this.request.principal.tags ?? {}))
      if (this.principal.tags.has(k.toLowerCase())) defineOwn(out, `aws:PrincipalTag/${k}`, v);
    const r = this.request.resource;
    if (r) {
      for (const [k, v] of Object.entries(r.tags ?? {})) defineOwn(out, `aws:ResourceTag/${k}`, v);
      for (const { spelling } of this.tagPrefixes) for (const [k, v] of Object.entries(r.tags ?? {})) defineOwn(out, `${spelling}${k}`, v);
      if (this.rules?.contextKeys) for (const [k, v] of Object.entries(this.rules.contextKeys(r))) defineOwn(out, k, v);
    }
    // The user's keys win: drop derived spellings of the same key, then add the user's.
    const given = new Set(Object.keys(this.request.context).map((k) => k.toLowerCase()));
    for (const k of Object.keys(out)) if (given.has(k.toLowerCase())) delete out[k];
    // Own data properties, never assignment: a user key named `__proto__` stays a key (own.ts).
    for (const [k, v] of Object.entries(this.request.context)) defineOwn(out, k, v);
    return out;
  }
}

/**
 * The engine's inputs and outputs. The engine is pure: synchronous, no file system, clock,
 * randomness or console. It assumes validated input (policies from `runner/policy/`).
 */
import type { Span } from '../diagnostics';
import type { Policy } from '../policy/types';
import type { EvaluationRule } from './decide';
import type { Layer } from './layers';
import type { ServiceDenial } from './services/types';

export type { ServiceDenial } from './services/types';

/** AWS's three authorization outcomes. */
export type Decision = 'allow' | 'implicitDeny' | 'explicitDeny';

/** A request context value: strings (numbers, booleans and dates are their text), or a list of them. */
export type ContextValue = string | readonly string[];

/** The caller. */
export interface RequestPrincipal {
  /**
   * IAM user, IAM role, role session (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`), federated
   * user session, the account root (`arn:aws:iam::ACCOUNT:root`), or `*` for an anonymous caller.
   * Absent for a service principal.
   */
  arn?: string;
  /** A service principal such as `lambda.amazonaws.com`. */
  service?: string;
  /**
   * A federated caller: the identity provider that authenticated it, as a trust policy's
   * `Federated` principal names it (an `oidc-provider` or `saml-provider` ARN, or a provider name
   * such as `cognito-identity.amazonaws.com`). The caller is the one calling
   * `sts:AssumeRoleWithWebIdentity` or `sts:AssumeRoleWithSAML`; its token's claims are context
   * keys the request gives. Instead of `arn` and `service`.
   */
  federated?: string;
  /**
   * For a role session: the role's ARN with its path (`arn:aws:iam::ACCOUNT:role/team/app`), when
   * the session's role has a path. A session ARN drops the path, so without this the engine takes
   * `arn:aws:iam::ACCOUNT:role/NAME` as aws:PrincipalArn and matches Principal entries naming the
   * role by account and name whatever their path. Must name the session's role (same account and
   * name); ignored for other callers.
   */
  roleArn?: string;
  /**
   * For a federated user session (`arn:aws:sts::ACCOUNT:federated-user/NAME`): the ARN of the IAM
   * user that called GetFederationToken. A resource-based policy naming that user then grants the
   * session, limited by the permissions boundary and session policies (like a grant to a role).
   * Ignored for other callers.
   */
  federatedFrom?: string;
  /** Principal tags (become `aws:PrincipalTag/*`). */
  tags?: Readonly<Record<string, string>>;
}

/** The resource the request is on; absent means `*`. */
export interface RequestResource {
  arn: string;
  /** Owning account; default: from the ARN. */
  account?: string;
  /** Resource tags (become `aws:ResourceTag/*` and the service's own ResourceTag keys). */
  tags?: Readonly<Record<string, string>>;
  /**
   * Service attributes from which service rules derive condition keys, such as Secrets Manager's
   * `kmsKeyId`, `rotationLambdaArn`, `primaryRegion`.
   */
  attributes?: Readonly<Record<string, string>>;
}

/** The VPC endpoint a request travels through. */
export interface RequestEndpoint {
  /** The endpoint id (`vpce-1a2b3c4d`): becomes `aws:SourceVpce`. */
  id?: string;
  /** The endpoint's VPC (`vpc-111bbb22`): becomes `aws:SourceVpc`. */
  vpc?: string;
  /**
   * `interface` or `gateway` (S3, DynamoDB). In a gateway endpoint's policy an account principal
   * names the account's root user only. Default: `interface`.
   */
  type?: 'interface' | 'gateway';
}

/** One authorization request. */
export interface AuthorizationRequest {
  principal: RequestPrincipal;
  /** `service:Action` as the user wrote it (case-insensitive). */
  action: string;
  resource?: RequestResource;
  /** The VPC endpoint the request travels through, if any: its policy must allow too. */
  endpoint?: RequestEndpoint;
  /** Request context keys given by the user; they win over derived keys. Keys are case-insensitive. */
  context: Readonly<Record<string, ContextValue>>;
}

/** The organization, for SCPs, RCPs and `aws:PrincipalOrgID` / `aws:ResourceOrgID`. */
export interface Organization {
  id: string;
  /** Member accounts: SCPs apply to their principals and RCPs to their resources. */
  accounts: readonly string[];
  /** SCP levels (root, OUs..., account); every level must allow. */
  scps: readonly (readonly Policy[])[];
  /** RCP levels; RCPFullAWSAccess is implicitly attached at every level, so these can only deny. */
  rcps: readonly (readonly Policy[])[];
}

/**
 * A resource that a dependent request is on (the KMS key that encrypts a secret), with its
 * resource-based policy (the key policy).
 */
export interface RelatedResource {
  resource: RequestResource;
  /** Its resource-based policy; absent when the scenario gives none (a key policy then denies). */
  policy?: Policy;
}

/** Every policy that may apply to a request. */
export interface PolicySet {
  /** Identity-based policies of the principal (for a session: of the role or IAM user). */
  identity: readonly Policy[];
  boundary?: Policy;
  /** Session policies passed when the session was created. */
  session?: readonly Policy[];
  /** The resource-based policy of the resource. */
  resource?: Policy;
  /** The policy of the VPC endpoint the request travels through (absent: AWS's default full access). */
  endpoint?: Policy;
  organization?: Organization;
  /**
   * Resources that dependent requests are on, by the reference the service rule gives (for a
   * secret, its `kmsKeyId` as written): services/types.ts `DependentRequestSpec`. A dependent
   * request whose resource is not here is not made (the scenario does not declare the key).
   */
  related?: ReadonlyMap<string, RelatedResource>;
}

/** Options for one evaluation. */
export interface EvaluateOptions {
  /** Build the explanation. Default: `false` (the fast path returns the decision only). */
  explain?: boolean;
  /**
   * With `explain`: build the statement-by-statement trace (`Explanation.policies`). `false`
   * leaves `policies` empty, in dependent requests too, and gives the same explanation otherwise
   * (evaluate.test.ts checks it on every engine fixture): for reports that drop the trace of
   * passing cases (`--json-trace failures`). Default: `true`.
   */
  statementTraces?: boolean;
}

export { layerOrder, layers, layerSpecs, type Layer, type LayerSpec } from './layers';

/** How one element (Action, Resource, Principal and their Not forms) matched. */
export interface ElementMatch {
  element: 'Action' | 'NotAction' | 'Resource' | 'NotResource' | 'Principal' | 'NotPrincipal';
  matched: boolean;
  /** The entry that matched (for Not forms: that excluded), with variables resolved. */
  entry?: string;
  span?: Span;
}

/** How one condition evaluated. */
export interface ConditionTrace {
  operator: string;
  key: string;
  /** Policy values after variable substitution. */
  values: string[];
  /** The request's values for the key; absent when the request lacks the key. */
  contextValues?: string[];
  matched: boolean;
  span: Span;
}

/** How one statement evaluated. */
export interface StatementTrace {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  /** True when every element and condition matched: the statement applies to the request. */
  matched: boolean;
  elements: ElementMatch[];
  conditions: ConditionTrace[];
  /**
   * Policy variables the statement used, by name as written, with their values (`null`: no value,
   * so the entry holding it matched nothing). Absent when the statement uses none.
   */
  variables?: Record<string, string | null>;
  span: Span;
}

/** How one policy evaluated. */
export interface PolicyTrace {
  name: string;
  layer: Layer;
  /** SCP or RCP level (0 = root), when the layer has levels. */
  level?: number;
  /** Statements that matched the request or mention its action; others are left out. */
  statements: StatementTrace[];
  span: Span;
}

/** One layer's verdict. */
export interface LayerTrace {
  layer: Layer;
  level?: number;
  /**
   * `notApplicable`: the layer does not take part (no boundary, principal outside the org, ...).
   * The deciding layer of a deny shows the decision even when it had no policy (a key policy the
   * scenario does not give decides by its absence).
   */
  result: Decision | 'notApplicable';
}

/** A statement that decided. */
export interface DecidingStatement {
  policy: string;
  layer: Layer;
  level?: number;
  index: number;
  sid?: string;
  span: Span;
}

/**
 * The request as the deciding rule saw it: what reporters need to word the rule
 * (``no identity-based policy allows `s3:GetObject` ``).
 */
export interface ExplainedRequest {
  /** The action as the user wrote it. */
  action: string;
  /** The caller's kind (principal-info.ts): `user`, `role`, `assumedRole`, `root`, `service`, ... */
  principalKind: string;
  /** The caller's account; absent for service principals and anonymous callers. */
  principalAccount?: string;
  /** The resource's owning account, when known. */
  resourceAccount?: string;
  /** True when the request is in one account (decide.ts). */
  sameAccount: boolean;
  /** True when the resource has a resource-based policy that applies. */
  hasResourcePolicy: boolean;
}

/**
 * A request the service made with the caller's credentials to serve the caller's request (such as
 * `kms:Decrypt` of a secret's key through Secrets Manager), with its own explanation.
 */
export interface DependentExplanation {
  /** The service that made it (`secretsmanager`). */
  service: string;
  /** Why, as a stable id within the service (`decryptSecretValue`); reporters word it. */
  id: string;
  /** The dependent request's action (`kms:Decrypt`). */
  action: string;
  /** The ARN of its resource (the key). */
  resource: string;
  explanation: Explanation;
}

/**
 * Why the engine decided what it did. Data only: rule and layer ids, statements with spans,
 * missing keys; reporters own the words (reports/explain-text.ts).
 */
export interface Explanation {
  decision: Decision;
  /** The evaluation rule that decided (decide.ts `evaluationRules`). */
  rule: EvaluationRule;
  /** The layer whose verdict decided. */
  decidedBy: Layer;
  /** The SCP or RCP level that decided, for a layer with levels. */
  level?: number;
  /** For `allow`: the layers whose Allow statements granted (empty: the root user's own account). */
  grantedBy: Layer[];
  request: ExplainedRequest;
  /** For `explicitDeny`: the first policy with a matching Deny. */
  explicitDeny?: { layer: Layer; level?: number; policy: string };
  /** The resource-based policy that must allow even within one account (`key policy`), when one must. */
  requiredResourcePolicy?: string;
  /** Why the service itself denies the request (services/), when it does. */
  serviceDenial?: ServiceDenial;
  /** How many session policies the session has, when the session layer applies. */
  sessionPolicyCount?: number;
  /** Statements that decided (the explicit Denies, or the Allows that granted). */
  deciding: DecidingStatement[];
  /** Every layer's verdict, in the layer table's order. */
  layers: LayerTrace[];
  policies: PolicyTrace[];
  /** The request context after derivation (keys in AWS's spelling). */
  context: Record<string, ContextValue>;
  /** Keys the policies' conditions referenced that the request lacked. */
  missingContextKeys: string[];
  /**
   * The dependent requests the service made, in order (present only when the caller's own request
   * was allowed, so the service went on to make them). Rule `dependentRequest` decided when one
   * of them was denied: the first that was.
   */
  dependents?: DependentExplanation[];
}

/** The result of one evaluation. */
export interface EvaluationResult {
  decision: Decision;
  /** Present when `explain` was requested. */
  explanation?: Explanation;
}

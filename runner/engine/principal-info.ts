/**
 * What the engine knows about the caller, parsed once per principal object.
 *
 * ARN shapes: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
 * (section "IAM ARNs") and https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * (sections "Role sessions", "AWS STS federated user principals", "Anonymous (public) principals",
 * "Federated user principals").
 */
import type { RequestPrincipal } from './types';

/** The kinds of caller AWS distinguishes when it evaluates policies. */
export const principalKinds = {
  user: 'IAM user',
  role: 'IAM role',
  assumedRole: 'role session',
  federatedUser: 'federated user session',
  root: 'account root user',
  anonymous: 'anonymous caller',
  service: 'service principal',
  federated: 'federated caller (web identity or SAML)',
} as const;

/** A principal kind. */
export type PrincipalKind = keyof typeof principalKinds;

/** The parsed caller. */
export interface PrincipalInfo {
  kind: PrincipalKind;
  /** The caller's own ARN as given (absent for a service principal). */
  arn?: string;
  account?: string | undefined;
  /**
   * For a role: its ARN, path included. For a role session: the request's `roleArn` when given, else
   * `arn:PARTITION:iam::ACCOUNT:role/NAME` (a session ARN has no path; see {@link rolePathKnown}).
   */
  roleArn?: string;
  /**
   * True when {@link roleArn} is the role's full ARN (a role, or a session given its `roleArn`);
   * false for a session whose role's path is unknown.
   */
  rolePathKnown: boolean;
  roleName?: string;
  userName?: string;
  federatedName?: string;
  /** For a federated user session: the IAM user that federated, when the request gives it. */
  federatedFrom?: string;
  service?: string;
  /** For a federated caller: its identity provider (RequestPrincipal.federated). */
  federated?: string;
  /** A service-linked role (path `/aws-service-role/`): SCPs and RCPs do not restrict it. */
  serviceLinked: boolean;
  /** Principal tags keyed by lowercase tag key. */
  tags: ReadonlyMap<string, string>;
}

const cache = new WeakMap<RequestPrincipal, PrincipalInfo>();

/** Parses the caller once per principal object. */
export function principalInfo(p: RequestPrincipal): PrincipalInfo {
  let info = cache.get(p);
  if (!info) {
    info = parsePrincipal(p);
    cache.set(p, info);
  }
  return info;
}

const iamArn = /^arn:([^:]+):iam::(\d{12}):(root|user\/.+|role\/.+)$/;
const stsArn = /^arn:([^:]+):sts::(\d{12}):(assumed-role\/[^/]+\/.+|federated-user\/.+)$/;

function parsePrincipal(p: RequestPrincipal): PrincipalInfo {
  const tags = new Map<string, string>();
  for (const [k, v] of Object.entries(p.tags ?? {})) tags.set(k.toLowerCase(), v);
  const base = { serviceLinked: false, rolePathKnown: false, tags };
  if (p.service !== undefined && p.arn === undefined) return { ...base, kind: 'service', service: p.service, tags: new Map() };
  // A web identity or SAML caller has no AWS identity yet: no account, ARN or tags (it is the one
  // asking STS for credentials; "Federated callers" in docs/scenarios.md).
  if (p.federated !== undefined && p.arn === undefined) return { ...base, kind: 'federated', federated: p.federated, tags: new Map() };
  const arn = p.arn ?? '*';
  if (arn === '*') return { ...base, kind: 'anonymous', tags: new Map() };
  let m = iamArn.exec(arn);
  if (m) {
    const [, , account, rest] = m;
    if (rest === 'root') return { ...base, kind: 'root', arn, account, tags: new Map() };
    const name = rest.slice(rest.lastIndexOf('/') + 1);
    if (rest.startsWith('user/')) return { ...base, kind: 'user', arn, account, userName: name };
    return {
      ...base,
      kind: 'role',
      arn,
      account,
      roleName: name,
      // The role's ARN keeps its path ("IAM ARNs" section of the identifiers page, e.g.
      // `arn:aws:iam::123456789012:role/application_abc/component_xyz/RDSAccess`).
      roleArn: arn,
      rolePathKnown: true,
      serviceLinked: rest.startsWith('role/aws-service-role/'),
    };
  }
  m = stsArn.exec(arn);
  if (m) {
    const [, partition, account, rest] = m;
    if (rest.startsWith('federated-user/')) {
      const info: PrincipalInfo = { ...base, kind: 'federatedUser', arn, account, federatedName: rest.slice('federated-user/'.length) };
      if (p.federatedFrom !== undefined) info.federatedFrom = p.federatedFrom;
      return info;
    }
    const roleName = rest.split('/')[1];
    // A session ARN drops the role's path; service-linked role names start with
    // `AWSServiceRoleFor` (https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html).
    const serviceLinked = roleName.startsWith('AWSServiceRoleFor');
    // The path is known only when the request gives the role's ARN (RequestPrincipal.roleArn).
    const given = p.roleArn;
    const roleArn = given ?? `arn:${partition}:iam::${account}:role/${roleName}`;
    return { ...base, kind: 'assumedRole', arn, account, roleName, roleArn, rolePathKnown: given !== undefined, serviceLinked };
  }
  // INVARIANT: the scenario model validates principal ARNs; anything else is treated as an IAM user
  // without a known name, so no name-derived key is invented for it.
  const account = /^arn:[^:]+:[^:]+::(\d{12}):/.exec(arn)?.[1];
  return { ...base, kind: 'user', arn, account };
}

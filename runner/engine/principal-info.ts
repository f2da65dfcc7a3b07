/**
 * What the engine knows about the caller, parsed once per principal object.
 *
 * ARN shapes: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
 * (section "IAM ARNs") and https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * (sections "Role sessions", "AWS STS federated user principals", "Anonymous (public) principals").
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
} as const;

/** A principal kind. */
export type PrincipalKind = keyof typeof principalKinds;

/** The parsed caller. */
export interface PrincipalInfo {
  kind: PrincipalKind;
  /** The caller's own ARN as given (absent for a service principal). */
  arn?: string;
  account?: string;
  /** For a role or role session: `arn:PARTITION:iam::ACCOUNT:role/NAME` (a session ARN has no path). */
  roleArn?: string;
  roleName?: string;
  userName?: string;
  federatedName?: string;
  service?: string;
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
  const base = { serviceLinked: false, tags };
  if (p.service !== undefined && p.arn === undefined) return { ...base, kind: 'service', service: p.service, tags: new Map() };
  const arn = p.arn ?? '*';
  if (arn === '*') return { ...base, kind: 'anonymous', tags: new Map() };
  let m = iamArn.exec(arn);
  if (m) {
    const [, partition, account, rest] = m;
    if (rest === 'root') return { ...base, kind: 'root', arn, account, tags: new Map() };
    const name = rest.slice(rest.lastIndexOf('/') + 1);
    if (rest.startsWith('user/')) return { ...base, kind: 'user', arn, account, userName: name };
    return {
      ...base,
      kind: 'role',
      arn,
      account,
      roleName: name,
      roleArn: `arn:${partition}:iam::${account}:role/${name}`,
      serviceLinked: rest.startsWith('role/aws-service-role/'),
    };
  }
  m = stsArn.exec(arn);
  if (m) {
    const [, partition, account, rest] = m;
    if (rest.startsWith('federated-user/')) {
      return { ...base, kind: 'federatedUser', arn, account, federatedName: rest.slice('federated-user/'.length) };
    }
    const roleName = rest.split('/')[1];
    // A session ARN drops the role's path; service-linked role names start with
    // `AWSServiceRoleFor` (https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html).
    const serviceLinked = roleName.startsWith('AWSServiceRoleFor');
    return { ...base, kind: 'assumedRole', arn, account, roleName, roleArn: `arn:${partition}:iam::${account}:role/${roleName}`, serviceLinked };
  }
  // INVARIANT: the scenario model validates principal ARNs; anything else is treated as an IAM user
  // without a known name, so no name-derived key is invented for it.
  const account = /^arn:[^:]+:[^:]+::(\d{12}):/.exec(arn)?.[1];
  return { ...base, kind: 'user', arn, account };
}

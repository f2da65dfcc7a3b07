/**
 * What a session principal may say about the identity behind it, and the checks that it names
 * that identity:
 *
 * - `roleArn`, for a role session: a session ARN has the form
 *   `arn:aws:sts::ACCOUNT:assumed-role/ROLE-NAME/SESSION` and a role's
 *   `arn:aws:iam::ACCOUNT:role/PATH/ROLE-NAME`
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html, section
 *   "IAM ARNs"): the session's has no place for the path that `aws:PrincipalArn` and Principal
 *   entries keep, so the scenario gives it. It must be a role ARN in the session's partition and
 *   account with the session's role name (the engine matches on that name).
 * - `federatedFrom`, for a federated user session: "The GetFederationToken operation is called by
 *   an IAM user and returns temporary credentials for that user"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getfederationtoken.html,
 *   introduction), so it is an IAM user ARN in the session's partition and account.
 *
 * Before and after, with `arn: arn:aws:sts::111122223333:assumed-role/app/s1`:
 *
 *     roleArn: arn:aws:iam::111122223333:role/team/app    →  accepted (aws:PrincipalArn has `team/`)
 *     roleArn: arn:aws:iam::111122223333:role/team/web    →  SCHEMA: names role `web`, not `app`
 */
import { diagnostic, type Diagnostic, type Span } from '../diagnostics';

/** `arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION` → partition, account, role name. */
const SESSION = /^arn:(aws(?:-[a-z]+)*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/;
/** `arn:PARTITION:sts::ACCOUNT:federated-user/NAME` → partition, account. */
const FEDERATED = /^arn:(aws(?:-[a-z]+)*):sts::(\d{12}):federated-user\/.+$/;
/** `arn:PARTITION:iam::ACCOUNT:role/PATH/NAME` → partition, account, name (the last segment). */
const ROLE = /^arn:(aws(?:-[a-z]+)*):iam::(\d{12}):role\/(?:[^/]+\/)*([^/]+)$/;
/** `arn:PARTITION:iam::ACCOUNT:user/PATH/NAME` → partition, account. */
const USER = /^arn:(aws(?:-[a-z]+)*):iam::(\d{12}):user\/(?:[^/]+\/)*[^/]+$/;

/**
 * The problem with `roleArn` (written at `span`) for the principal `name` whose ARN is `arn`, or
 * undefined when it names the session's role.
 */
export function checkRoleArn(name: string, arn: string | undefined, roleArn: string, span: Span): Diagnostic | undefined {
  const session = arn === undefined ? null : SESSION.exec(arn);
  if (!session) {
    return diagnostic(
      'SCHEMA',
      `principal \`${name}\`: \`roleArn\` is only for a role session`,
      span,
      'give `roleArn` with an `arn` such as `arn:aws:sts::111122223333:assumed-role/ROLE/SESSION`; an IAM role gives its path in `arn` itself',
    );
  }
  const [, partition, account, roleName] = session;
  const example = `\`arn:${partition}:iam::${account}:role/PATH/${roleName}\``;
  const role = ROLE.exec(roleArn);
  if (!role) return diagnostic('BAD_ARN', `principal \`${name}\`: \`${roleArn}\` is not a role ARN`, span, `expected ${example}`);
  if (role[1] !== partition || role[2] !== account || role[3] !== roleName) {
    return diagnostic(
      'SCHEMA',
      `principal \`${name}\`: \`roleArn\` must name the session's role \`${roleName}\` in account \`${account}\`, found \`${roleArn}\``,
      span,
      `expected ${example}`,
    );
  }
  return undefined;
}

/**
 * The problem with `federatedFrom` (written at `span`) for the principal `name` whose ARN is
 * `arn`, or undefined when it is an IAM user of the session's account.
 */
export function checkFederatedFrom(name: string, arn: string | undefined, federatedFrom: string, span: Span): Diagnostic | undefined {
  const session = arn === undefined ? null : FEDERATED.exec(arn);
  if (!session) {
    return diagnostic(
      'SCHEMA',
      `principal \`${name}\`: \`federatedFrom\` is only for a federated user session`,
      span,
      'give `federatedFrom` with an `arn` such as `arn:aws:sts::111122223333:federated-user/NAME`',
    );
  }
  const [, partition, account] = session;
  const example = `\`arn:${partition}:iam::${account}:user/NAME\``;
  const user = USER.exec(federatedFrom);
  if (!user)
    return diagnostic('BAD_ARN', `principal \`${name}\`: \`${federatedFrom}\` is not an IAM user ARN`, span, `expected ${example}`);
  if (user[1] !== partition || user[2] !== account) {
    return diagnostic(
      'SCHEMA',
      `principal \`${name}\`: \`federatedFrom\` must be an IAM user in the session's account \`${account}\`, found \`${federatedFrom}\``,
      span,
      `expected ${example}`,
    );
  }
  return undefined;
}

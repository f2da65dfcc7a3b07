/**
 * The OIDC federation condition keys: the claims of a web identity token that a role trust policy
 * can test, keyed by the identity provider's URL (`token.actions.githubusercontent.com:sub`,
 * `oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:aud`).
 *
 * "Available keys for AWS OIDC federation"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif):
 * a trust policy for `sts:AssumeRoleWithWebIdentity` can use `amr`, `aud`, `azp`, `email`, `oaud`
 * and `sub`, each prefixed with the provider's URL. The Service Authorization Reference lists
 * some providers' own claims under STS (`token.actions.githubusercontent.com:repository`,
 * `accounts.google.com:aud`, `cognito-identity.amazonaws.com:amr`, the `saml:` keys); those stay
 * in the STS data and win. It does not list the page's common claims for any provider URL, so
 * AWS's own GitHub example ("Create a role for OpenID Connect federation",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html, section
 * "Configuring a role for GitHub OIDC identity provider": `token.actions.githubusercontent.com:aud`
 * = `sts.amazonaws.com`, `token.actions.githubusercontent.com:sub` = `repo:ORG/REPO:...`) was
 * an unknown key without this table.
 */
import type { ConditionKeyInfo, ConditionKeyType } from './types';

/**
 * The common OIDC claims, with their types. `amr` holds several values: "one of the array members
 * of the multi-value amr claim" (Amazon Cognito, "Role trust and permissions",
 * https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html, whose
 * example tests it with `ForAnyValue:StringLike`), though the Service Authorization Reference
 * types `cognito-identity.amazonaws.com:amr` as a String; this table's type wins for it
 * ({@link oidcClaimCorrection}).
 */
const oidcClaims: Readonly<Record<string, { type: ConditionKeyType; description: string }>> = {
  amr: { type: 'ArrayOfString', description: 'The authentication methods reference claim of the web identity token' },
  aud: { type: 'String', description: 'The audience (client id) claim of the web identity token' },
  azp: { type: 'String', description: 'The authorized party claim of the web identity token' },
  email: { type: 'String', description: 'The email claim of the web identity token' },
  oaud: { type: 'String', description: 'The original audience claim of the web identity token' },
  sub: { type: 'String', description: 'The subject claim of the web identity token (for GitHub: `repo:ORG/REPO:ref:refs/heads/BRANCH`)' },
};

// A provider URL without `https://`: a DNS name with at least one dot, then an optional path
// (`oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE`).
const providerUrl = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+(?:\/[^:\s]+)?$/i;

/**
 * The OIDC claim key when this table corrects the STS data's type for it (a multivalued `amr`),
 * else undefined.
 */
export function oidcClaimCorrection(key: string): ConditionKeyInfo | undefined {
  const info = oidcClaimKey(key);
  return info && info.type.startsWith('ArrayOf') ? info : undefined;
}

/**
 * The OIDC claim key `PROVIDER:CLAIM`, or undefined when the key is not one. The key's service is
 * `sts`: only `sts:AssumeRoleWithWebIdentity` requests carry it.
 */
export function oidcClaimKey(key: string): ConditionKeyInfo | undefined {
  const colon = key.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const name = key.slice(colon + 1).toLowerCase();
  if (!Object.prototype.hasOwnProperty.call(oidcClaims, name) || !providerUrl.test(key.slice(0, colon))) return undefined;
  const claim = oidcClaims[name];
  return { key, type: claim.type, description: claim.description, service: 'sts' };
}

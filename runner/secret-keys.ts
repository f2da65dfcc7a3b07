/**
 * Customer managed keys of secrets, for planning (runner/plan.ts): which declared resource is a
 * secret's key, and the input error for an `allow` expectation that depends on an undeclared one.
 *
 * Reading a secret's value is also a `kms:Decrypt` request on its key, writing it a
 * `kms:GenerateDataKey` request (runner/engine/services/secretsmanager.ts). Without the key and its
 * key policy the engine cannot decide that request, so an `allow` on a value action of such a
 * secret would pass on a guess: it is `UNDECLARED_KEY` instead. Deny expectations still run (the
 * secret's own policies can deny without the key).
 */
import type { ActionInfo } from '../catalog/types';
import { diagnostic, type Diagnostic, type Span } from './diagnostics';
import { usesAwsManagedKey } from './engine/services/secretsmanager';
import { isKmsAlias } from './policy/arn-grammar';
import type { Expected, Resource, Scenario } from './model/types';

/** The actions planned on one resource of an expectation (plan.ts `Expansion`). */
export interface PlannedActions {
  resource: Resource | undefined;
  actions: readonly { action: ActionInfo; expected: Expected; span: Span }[];
}

/** Value actions of a secret: they decrypt (read) or encrypt (write) it with the secret's key. */
const secretValueActions: ReadonlySet<string> = new Set([
  'secretsmanager:getsecretvalue',
  'secretsmanager:batchgetsecretvalue',
  'secretsmanager:putsecretvalue',
]);

/** The customer managed key id of a secret, when it names one (not the AWS managed key). */
function customerKeyId(r: Resource): string | undefined {
  const id = r.request.attributes?.kmsKeyId;
  return id === undefined || usesAwsManagedKey(r.request) ? undefined : id;
}

/**
 * The declared resource that is a secret's customer managed key: the resource whose ARN is the
 * secret's `kmsKeyId`, or, for a bare key id, the key of that id in the secret's account and region
 * (`1234abcd-...` → `arn:aws:kms:REGION:ACCOUNT:key/1234abcd-...`). Undefined when none is.
 */
export function secretKey(s: Scenario, r: Resource): Resource | undefined {
  const id = customerKeyId(r);
  if (id === undefined || isKmsAlias(id)) return undefined;
  const [, partition, , region, account] = r.request.arn.split(':');
  const arn = id.startsWith('arn:') ? id : `arn:${partition}:kms:${region}:${account}:key/${id}`;
  return resourcesByArn(s).get(arn);
}

/** The help of `UNDECLARED_KEY`: what to declare, and what to give as `kmsKeyId`. */
function declareKeyHelp(id: string): string {
  if (isKmsAlias(id))
    return (
      'iamspec cannot resolve a KMS alias offline: declare the key the alias points to under `resources` by its key ARN ' +
      '(`arn: arn:aws:kms:REGION:ACCOUNT:key/<key id>`) with its key `policy`, and give that ARN as `kmsKeyId`'
    );
  const arn = id.startsWith('arn:') ? id : `arn:aws:kms:REGION:ACCOUNT:key/${id}`;
  return `declare the key under \`resources\` (\`arn: ${arn}\`) with its key \`policy\`, so the key policy can be checked`;
}

// The scenario's resources by ARN, built once per scenario: a file with many secrets looks each
// key up in one step.
const byArn = new WeakMap<Scenario, ReadonlyMap<string, Resource>>();

function resourcesByArn(s: Scenario): ReadonlyMap<string, Resource> {
  let m = byArn.get(s);
  if (!m) {
    const built = new Map<string, Resource>();
    for (const r of s.resources.values()) if (!built.has(r.request.arn)) built.set(r.request.arn, r);
    m = built;
    byArn.set(s, m);
  }
  return m;
}

/** `UNDECLARED_KEY` for each `allow` on a value action of a secret whose customer managed key is undeclared. */
export function checkSecretKeys(s: Scenario, expansion: readonly PlannedActions[], diagnostics: Diagnostic[]): void {
  for (const { resource, actions } of expansion) {
    if (!resource) continue;
    const id = customerKeyId(resource);
    if (id === undefined || secretKey(s, resource) !== undefined) continue;
    for (const { action, expected, span } of actions) {
      if (expected !== 'allow' || !secretValueActions.has(action.id.toLowerCase())) continue;
      const kms = action.id.toLowerCase() === 'secretsmanager:putsecretvalue' ? 'kms:GenerateDataKey' : 'kms:Decrypt';
      diagnostics.push(
        diagnostic(
          'UNDECLARED_KEY',
          isKmsAlias(id)
            ? `\`${action.id}\` on \`${resource.name}\` is also a \`${kms}\` request on the customer managed key that the alias \`${id}\` points to, which \`resources\` cannot declare`
            : `\`${action.id}\` on \`${resource.name}\` is also a \`${kms}\` request on its customer managed key \`${id}\`, which \`resources\` does not declare`,
          span,
          declareKeyHelp(id),
        ),
      );
    }
  }
}

/**
 * The policy layers, in the order AWS's evaluation logic reads them: one row per layer, its id,
 * its names for people and the policy kind its policies are parsed as (runner/policy/kind-rules.ts).
 * The `Layer` type, the explanation's layer list (explain.ts) and the reporters' names
 * (reports/explain-words.ts) all derive from this table, so a new layer is one row here plus its
 * step in decide.ts and its verdict in policy-types.ts; the `Record` types make the compiler ask
 * for each.
 *
 * Which layers apply to which requests is documented, with its AWS citations, in policy-types.ts.
 */
import type { PolicyKind } from '../policy/types';

/** One policy layer. */
export interface LayerSpec {
  /** The layer's name in lists and labels: `identity-based policies`. */
  name: string;
  /** The layer as the subject of a sentence: `the identity-based policies`. */
  subject: string;
  /** True when `subject` is singular (`the permissions boundary allows`). */
  singular: boolean;
  /** One policy of the layer: `identity-based policy`; `SCP` for a layer with levels. */
  onePolicy: string;
  /** True when the layer has levels (SCPs and RCPs: root, OUs, account). */
  levels: boolean;
  /** The kind its policies are parsed as; absent for the service's own rules. */
  policyKind?: PolicyKind;
}

/** The layer table, in evaluation order. */
export const layerSpecs = {
  scp: { name: 'service control policies', subject: 'SCPs', singular: false, onePolicy: 'SCP', levels: true, policyKind: 'scp' },
  rcp: { name: 'resource control policies', subject: 'RCPs', singular: false, onePolicy: 'RCP', levels: true, policyKind: 'rcp' },
  endpoint: {
    name: 'VPC endpoint policy',
    subject: 'the VPC endpoint policy',
    singular: true,
    onePolicy: 'VPC endpoint policy',
    levels: false,
    policyKind: 'endpoint',
  },
  resource: {
    name: 'resource-based policy',
    subject: 'the resource-based policy',
    singular: true,
    onePolicy: 'resource-based policy',
    levels: false,
    policyKind: 'resource',
  },
  boundary: {
    name: 'permissions boundary',
    subject: 'the permissions boundary',
    singular: true,
    onePolicy: 'permissions boundary',
    levels: false,
    policyKind: 'boundary',
  },
  session: {
    name: 'session policies',
    subject: 'the session policies',
    singular: false,
    onePolicy: 'session policy',
    levels: false,
    policyKind: 'session',
  },
  identity: {
    name: 'identity-based policies',
    subject: 'the identity-based policies',
    singular: false,
    onePolicy: 'identity-based policy',
    levels: false,
    policyKind: 'identity',
  },
  service: { name: 'service rule', subject: 'the service rule', singular: true, onePolicy: 'service rule', levels: false },
} as const satisfies Record<string, LayerSpec>;

/** A policy layer. */
export type Layer = keyof typeof layerSpecs;

/** The layer ids in evaluation order. */
export const layerOrder = Object.keys(layerSpecs) as Layer[];

/** Each layer's name (`identity-based policies`), in evaluation order. */
export const layers = Object.fromEntries(layerOrder.map((id) => [id, layerSpecs[id].name])) as {
  readonly [L in Layer]: (typeof layerSpecs)[L]['name'];
};

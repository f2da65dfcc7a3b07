/**
 * Services' own resource-tag condition keys. A resource's `tags` become `aws:ResourceTag/KEY` and
 * also the keys the action's service defines for the same tags: `ec2:ResourceTag/KEY`,
 * `ssm:resourceTag/KEY`, `iam:ResourceTag/KEY` (which `sts:` actions on a role read), ...
 * (Service Authorization Reference, each service's "Condition keys" section, e.g.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html:
 * `ec2:ResourceTag/${TagKey}` "Filters access by the preface string ... attached to the resource";
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_tags.html, section "Controlling access
 * to AWS resources"). AWS's managed policies use them: AmazonInspector2 denies
 * `ec2:CreateSnapshots` for instances tagged `InspectorEc2Exclusion` with
 * `ec2:ResourceTag/InspectorEc2Exclusion`.
 *
 * The table below is derived from the catalog (catalog/data), not written by hand: for each
 * service, the `PREFIX:ResourceTag/` spellings of the ResourceTag keys it lists, whatever their
 * case. resource-tag-keys.test.ts checks it against the catalog and rewrites it with
 * `IAMSPEC_UPDATE_RESOURCE_TAG_KEYS=1 npx mocha runner/engine/services/resource-tag-keys.test.ts`.
 * The engine stays pure and fast: no catalog I/O, and each service's lowercase prefixes are built
 * once, on its first request.
 */

/** Service prefix → the spellings of its own ResourceTag key prefixes (generated; see above). */
export const resourceTagPrefixes: Readonly<Record<string, readonly string[]>> = {
  // BEGIN GENERATED
  'arc-zonal-shift': ['elasticloadbalancing:ResourceTag/'],
  autoscaling: ['autoscaling:ResourceTag/'],
  codestar: ['iam:ResourceTag/'],
  ec2: ['ec2:ResourceTag/'],
  'ec2-instance-connect': ['ec2:ResourceTag/'],
  ecr: ['ecr:ResourceTag/'],
  'ecr-public': ['ecr-public:ResourceTag/'],
  ecs: ['ecs:ResourceTag/'],
  elasticloadbalancing: ['elasticloadbalancing:ResourceTag/'],
  elasticmapreduce: ['elasticmapreduce:ResourceTag/'],
  glacier: ['glacier:ResourceTag/'],
  iam: ['iam:ResourceTag/'],
  iotanalytics: ['iotanalytics:ResourceTag/'],
  'license-manager': ['license-manager:ResourceTag/'],
  ram: ['ram:ResourceTag/'],
  sagemaker: ['sagemaker:ResourceTag/'],
  secretsmanager: ['secretsmanager:ResourceTag/'],
  ssm: ['ssm:resourceTag/'],
  sts: ['iam:ResourceTag/'],
  // END GENERATED
};

/** One ResourceTag key prefix of a service: AWS's spelling and its lowercase form. */
export interface ResourceTagPrefix {
  spelling: string;
  lower: string;
}

const none: readonly ResourceTagPrefix[] = Object.freeze([]);
const cache = new Map<string, readonly ResourceTagPrefix[]>();

/** The ResourceTag key prefixes of a service (lowercase prefix), built on first use. */
export function serviceResourceTagPrefixes(service: string): readonly ResourceTagPrefix[] {
  let out = cache.get(service);
  if (!out) {
    const spellings = Object.prototype.hasOwnProperty.call(resourceTagPrefixes, service) ? resourceTagPrefixes[service] : undefined;
    out = spellings ? Object.freeze(spellings.map((spelling) => ({ spelling, lower: spelling.toLowerCase() }))) : none;
    cache.set(service, out);
  }
  return out;
}

/**
 * The tag key (lowercase) a service's own ResourceTag condition key names, or undefined when
 * `lowerKey` is not one of the service's ResourceTag keys: `ec2:resourcetag/team` → `team` for an
 * `ec2:` action.
 */
export function serviceResourceTagKey(service: string, lowerKey: string): string | undefined {
  const prefixes = serviceResourceTagPrefixes(service);
  for (let i = 0; i < prefixes.length; i++) {
    const p = prefixes[i].lower;
    if (lowerKey.length > p.length && lowerKey.startsWith(p)) return lowerKey.slice(p.length);
  }
  return undefined;
}

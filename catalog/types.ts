/**
 * The catalog: each AWS service's actions, resource types and condition keys.
 *
 * Lookups are synchronous (the engine is synchronous) and services load lazily, on first use,
 * from the committed data in `catalog/data/`.
 */

/** AWS's access levels, as the Service Authorization Reference spells them. */
export const accessLevels = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'] as const;

/** One access level. */
export type AccessLevel = (typeof accessLevels)[number];

/** Condition key types from the Service Authorization Reference and the global keys page. */
export const conditionKeyTypes = [
  'String',
  'ArrayOfString',
  'Numeric',
  'ArrayOfNumeric',
  'Date',
  'ArrayOfDate',
  'Bool',
  'ArrayOfBool',
  'ARN',
  'ArrayOfARN',
  'IPAddress',
  'ArrayOfIPAddress',
  'Binary',
  'ArrayOfBinary',
] as const;

/** One condition key type. */
export type ConditionKeyType = (typeof conditionKeyTypes)[number];

/** An action's use of one resource type. */
export interface ActionResourceType {
  /** Resource type name as AWS spells it (`Secret`). */
  name: string;
  /** True when the reference marks the type `*` (required). */
  required: boolean;
  /** Condition keys listed beside this resource type for this action. */
  conditionKeys: string[];
}

/** One action of a service. */
export interface ActionInfo {
  /** Service prefix, lowercase (`secretsmanager`). */
  service: string;
  /** Action name as AWS spells it (`GetSecretValue`). */
  name: string;
  /** `service:Name`, AWS's spelling. */
  id: string;
  description: string;
  /** AWS's primary access level: the one the reference page lists for the action. */
  accessLevel: AccessLevel;
  /** Every access level the data gives (some actions have several). */
  accessLevels: AccessLevel[];
  /** Resource types; empty means the action takes no resource and the request is on `*`. */
  resourceTypes: ActionResourceType[];
  /** Every condition key the action supports (action-level and resource-level), AWS's spelling. */
  conditionKeys: string[];
  dependentActions: string[];
}

/** One resource type of a service. */
export interface ResourceTypeInfo {
  service: string;
  name: string;
  /** ARN template, such as `arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}`. */
  arn: string;
  conditionKeys: string[];
}

/** One condition key. Keys with a `${TagKey}`-style part are templates matching many keys. */
export interface ConditionKeyInfo {
  /** AWS's spelling, such as `aws:RequestTag/${TagKey}`. */
  key: string;
  type: ConditionKeyType;
  description: string;
  /** `aws` for a global key, else the service prefix. */
  service: string;
  /** Further types the key accepts, such as Numeric for `aws:EpochTime` (a Date). Added for the catalog. */
  otherTypes?: ConditionKeyType[];
}

/** A note from a service's permissions reference page (such as Secrets Manager's BlockPublicPolicy advice). */
export interface ServiceNote {
  /** The section heading on the page. */
  title: string;
  text: string;
}

/** One service: its prefix, name, and where its data came from. */
export interface ServiceSummary {
  prefix: string;
  name: string;
  actionCount: number;
}

/** Provenance of the generated data (opa's capabilities files record theirs). */
export interface CatalogSource {
  /** What the data was generated from, such as `AWS permissions reference for Secrets Manager`. */
  name: string;
  version: string;
}

/** Synchronous catalog lookups over every known service. */
export interface Catalog {
  /** Every service prefix, sorted. */
  services(): ServiceSummary[];
  /** True when the service prefix is known (case-insensitive). */
  hasService(prefix: string): boolean;
  /** Where the data came from. */
  sources(): CatalogSource[];
  /** The action named `service:Action`, case-insensitively. */
  action(id: string): ActionInfo | undefined;
  /** Every action of one service, sorted by name. */
  actionsOf(service: string): ActionInfo[];
  /**
   * Every action matching an IAM action pattern (`secretsmanager:Get*`, `secretsmanager:*`, `*`,
   * `?`), case-insensitively, sorted by id. A pattern whose service part has a wildcard loads
   * every service.
   */
  expandActions(pattern: string): ActionInfo[];
  /** Actions whose primary access level is one of `levels`, in one service or all loaded ones. */
  actionsByAccessLevel(levels: readonly AccessLevel[], service?: string): ActionInfo[];
  /** Resource types of one service. */
  resourceTypesOf(service: string): ResourceTypeInfo[];
  /** The resource type of a concrete ARN within a service, or undefined. */
  resourceTypeOfArn(arn: string): ResourceTypeInfo | undefined;
  /**
   * True when `action` can apply to a request on `arn`: its resource types include the ARN's type,
   * or it takes no resource and `arn` is `*`.
   */
  actionAppliesTo(action: ActionInfo, arn: string | undefined): boolean;
  /** The condition key definition for a concrete key (`aws:ResourceTag/team` finds the template). */
  conditionKey(key: string): ConditionKeyInfo | undefined;
  /** True when `action` supports the concrete condition key (global `aws:` keys always apply). */
  actionSupportsKey(action: ActionInfo, key: string): boolean;
  /** The nearest known action id to a misspelled one. */
  suggestAction(id: string): string | undefined;
  /** The nearest known service prefix to a misspelled one. */
  suggestService(prefix: string): string | undefined;
  /** Every condition key one service defines (its own and the `aws:` keys it lists), sorted. Optional: added for `iamspec catalog`. */
  conditionKeysOf?(service: string): ConditionKeyInfo[];
  /** Every global condition key (`aws:` and the global keys page's cross-service keys), sorted. Optional: added for did-you-mean on global keys. */
  globalConditionKeys?(): ConditionKeyInfo[];
  /** The notes of a service's reference page (empty when none). Optional: added with the seed notes. */
  notesOf?(service: string): ServiceNote[];
}

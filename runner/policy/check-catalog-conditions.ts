/**
 * Catalog-backed checks of Condition blocks: unknown condition keys, keys none of the statement's
 * actions supports, and operators that do not fit the key's type.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
import { isTemplate } from '../../catalog/templates';
import type { ActionInfo, Catalog, ConditionKeyInfo, ConditionKeyType } from '../../catalog/types';
import { didYouMean, suggest } from '../../lib/suggest';
import { report, type ParseContext } from './context';
import { operatorFamily, type OperatorFamily } from './operators';
import type { Condition, Statement } from './types';

/** A key type without its `ArrayOf` prefix. */
type BaseType = 'String' | 'Numeric' | 'Date' | 'Bool' | 'ARN' | 'IPAddress' | 'Binary';

/**
 * The key types each operator family reads. String operators also read ARN keys (AWS compares
 * ARNs as strings there); Null reads every type, since it only tests presence.
 */
const familyTypes: Readonly<Record<OperatorFamily, readonly BaseType[]>> = {
  string: ['String', 'ARN'],
  numeric: ['Numeric'],
  date: ['Date'],
  bool: ['Bool'],
  binary: ['Binary'],
  ip: ['IPAddress'],
  arn: ['ARN'],
  null: ['String', 'Numeric', 'Date', 'Bool', 'ARN', 'IPAddress', 'Binary'],
};

/** What to use instead, per key type. */
const operatorsFor: Readonly<Record<BaseType, string>> = {
  String: 'a string operator such as `StringEquals` or `StringLike`',
  Numeric: 'a numeric operator such as `NumericEquals` or `NumericLessThan`',
  Date: 'a date operator such as `DateGreaterThan` or `DateLessThan`',
  Bool: '`Bool`',
  ARN: 'an ARN operator such as `ArnEquals` or `ArnLike`',
  IPAddress: '`IpAddress` or `NotIpAddress`',
  Binary: '`BinaryEquals`',
};

function baseType(t: ConditionKeyType): BaseType {
  return (t.startsWith('ArrayOf') ? t.slice('ArrayOf'.length) : t) as BaseType;
}

/**
 * Checks every condition of a statement. `actions` is the statement's Action list resolved through
 * the catalog, or undefined when it is not known (`*`, NotAction, an unknown action).
 */
export function checkConditionKeys(
  ctx: ParseContext,
  catalog: Catalog,
  statement: Statement,
  where: string,
  actions: ActionInfo[] | undefined,
): void {
  for (const c of statement.conditions) {
    const info = catalog.conditionKey(c.key.value);
    if (!info) {
      report(
        ctx,
        'UNKNOWN_CONDITION_KEY',
        where,
        `unknown condition key \`${c.key.value}\``,
        c.key.span,
        didYouMean(
          suggestKey(catalog, c.key.value, actions),
          'the catalog knows no such key; check its spelling in the Service Authorization Reference',
        )!,
        'warning',
      );
      continue;
    }
    if (
      actions &&
      actions.length > 0 &&
      claimsNotApplicable(info, c.key.value, actions) &&
      !actions.some((a) => catalog.actionSupportsKey(a, c.key.value))
    ) {
      const names =
        actions
          .slice(0, 3)
          .map((a) => `\`${a.id}\``)
          .join(', ') + (actions.length > 3 ? ', …' : '');
      report(
        ctx,
        'CONDITION_KEY_NOT_APPLICABLE',
        where,
        `condition key \`${c.key.value}\` applies to none of the statement's actions`,
        c.key.span,
        actions.length === 1
          ? `${names} does not support it, so its requests never carry it`
          : `${names} do not support it, so their requests never carry it`,
        'warning',
      );
    }
    checkOperatorFits(ctx, c, info, where);
  }
}

/**
 * True when the catalog's data can support "applies to none of the statement's actions": only for
 * a key of another service than every action's. A request to one service never carries another
 * service's own keys (`secretsmanager:SecretId` on `s3:GetObject`), but within one service the
 * reference's per-action key lists are incomplete: it attaches `a4b:amazonId` to no action at
 * all, and `aws-marketplace:ProductId` only to the agreement actions, while AWS's managed
 * policies AlexaForBusinessPolyDelegatedAccessPolicy and ROSAManageSubscription condition
 * `a4b:RegisterAVSDevice` and `aws-marketplace:Subscribe` on them. So a service's own key on its
 * own actions is never called not applicable
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html,
 * "The condition keys table").
 */
function claimsNotApplicable(info: ConditionKeyInfo, key: string, actions: ActionInfo[]): boolean {
  const prefix = key.slice(0, key.indexOf(':')).toLowerCase();
  return actions.every((a) => a.service !== info.service && a.service !== prefix);
}

/**
 * True when an ARN operator may read a String key: the key's values are the user's own (a tag
 * value, an encryption context value: an instance of a template key such as
 * `kms:EncryptionContext:${EncryptionContextKey}`), so they may hold ARNs. ARN operators compare a
 * key's value with an ARN (Condition operators page, section "Amazon Resource Name (ARN) condition
 * operators"), and AWS's own managed policies use `ArnLike` on `kms:EncryptionContext:aws:s3:arn`
 * and on `aws:RequestTag/awsApplication`. A String key with a fixed meaning (`aws:SourceVpc`)
 * still draws the warning.
 */
function arnOnStringTemplate(family: OperatorFamily, info: ConditionKeyInfo): boolean {
  return family === 'arn' && isTemplate(info.key) && [info.type, ...(info.otherTypes ?? [])].some((t) => baseType(t) === 'String');
}

function checkOperatorFits(ctx: ParseContext, c: Condition, info: ConditionKeyInfo, where: string): void {
  const types = [info.type, ...(info.otherTypes ?? [])];
  const multivalued = types.some((t) => t.startsWith('ArrayOf'));
  const family = operatorFamily(c.operator);
  if (family === 'null') return;
  // "Use set operators ... with multivalued context keys"; a single-valued operator on a
  // multivalued key, or a set operator on a single-valued key, does not mean what it reads as
  // (single- vs multivalued page, "Set operators for multivalued context keys").
  if (multivalued && !c.qualifier) {
    report(
      ctx,
      'OPERATOR_TYPE_MISMATCH',
      where,
      `\`${c.raw.value}\` compares one value, but \`${c.key.value}\` is multivalued (\`${info.type}\`)`,
      c.raw.span,
      `use \`ForAnyValue:${c.raw.value}\` (any value matches) or \`ForAllValues:${c.raw.value}\` (every value matches)`,
      'warning',
    );
  } else if (!multivalued && c.qualifier) {
    report(
      ctx,
      'OPERATOR_TYPE_MISMATCH',
      where,
      `\`${c.raw.value}\` on single-valued key \`${c.key.value}\` (\`${info.type}\`)`,
      c.raw.span,
      `remove \`${c.qualifier}:\`: set operators are for multivalued keys`,
      'warning',
    );
  }
  const bases = types.map(baseType);
  if (!bases.some((b) => familyTypes[family].includes(b)) && !arnOnStringTemplate(family, info)) {
    report(
      ctx,
      'OPERATOR_TYPE_MISMATCH',
      where,
      `\`${c.operator}\` does not fit \`${c.key.value}\`, a key of type \`${info.type}\``,
      c.raw.span,
      `use ${operatorsFor[bases[0]!]}`,
      'warning',
    );
  }
}

/**
 * The nearest known key: among the global keys (`aws:SecureTransprt` → `aws:SecureTransport`) and
 * the keys of the key's own service and of the statement's actions' services. Template keys
 * compare with the user's tag key in place: `aws:RequestTags/team` against
 * `aws:RequestTag/${TagKey}` compares `aws:RequestTag/team`.
 */
export function suggestKey(catalog: Catalog, key: string, actions: ActionInfo[] | undefined): string | undefined {
  const colon = key.indexOf(':');
  const services = new Set<string>();
  if (colon > 0) services.add(key.slice(0, colon).toLowerCase());
  for (const a of actions ?? []) services.add(a.service);
  const slash = key.indexOf('/');
  const tail = slash >= 0 ? key.slice(slash + 1) : '';
  const candidates = new Set<string>();
  const add = (k: ConditionKeyInfo): void => {
    const t = k.key.indexOf('/${');
    candidates.add(t >= 0 && slash >= 0 ? `${k.key.slice(0, t)}/${tail}` : k.key);
  };
  for (const k of catalog.globalConditionKeys?.() ?? []) add(k);
  for (const s of services) for (const k of catalog.conditionKeysOf?.(s) ?? []) add(k);
  return suggest(key, candidates);
}

/**
 * Action expansion, the planner's step from an expectation's action items to catalog actions on
 * each of its resources. On resource `payments`
 * (`arn:aws:secretsmanager:us-east-1:111122223333:secret:payments-AbCdEf`):
 *
 *     secretsmanager:getsecretvalue           → secretsmanager:GetSecretValue (AWS's spelling)
 *     secretsmanager:Delete*                  → DeleteResourcePolicy, DeleteSecret
 *     { accessLevel: Permissions management } → DeleteResourcePolicy, PutResourcePolicy, ValidateResourcePolicy
 *                                               (service from the resource's ARN)
 *
 * A wildcard or selector keeps only the actions that apply to the resource (`secretsmanager:*`
 * drops `ListSecrets`, which takes no resource); a named action that cannot apply is an error.
 */
import type { AccessLevel, ActionInfo, Catalog } from '../catalog/types';
import { accessLevels } from '../catalog/types';
import { didYouMean, suggest } from '../lib/suggest';
import { diagnostic, type Diagnostic, type Span } from './diagnostics';
import type { ActionItem, Expectation, Expected, Resource } from './model/types';

/** The actions of each expected item, per resource of the expectation. */
export interface Expansion {
  resource: Resource | undefined;
  actions: { action: ActionInfo; expected: Expected; span: Span }[];
}

/** Expands every item of `e` on each of its resources (none for an incomplete expectation). */
export function expandExpectation(e: Expectation, catalog: Catalog, diagnostics: Diagnostic[]): Expansion[] {
  if (e.incomplete) return [];
  const resources = e.resources.length > 0 ? e.resources : [undefined];
  // Which actions apply depends only on the resource's type, so resources of one type share one
  // expansion: a list of 1,000 secrets × `"*"` costs one expansion, not 1,000.
  const byType = new Map<string, Expansion['actions']>();
  return resources.map((resource) => {
    const key = typeKey(resource, catalog);
    let actions = key === undefined ? undefined : byType.get(key);
    if (!actions) {
      actions = e.items.flatMap(({ expected, item }) =>
        expandItem(item, resource, catalog, diagnostics).map((action) => ({ action, expected, span: item.span })),
      );
      if (key !== undefined) byType.set(key, actions);
    }
    return { resource, actions };
  });
}

/** `service/Type` of a resource's ARN, `*` for no resource, undefined for an ARN of no known type. */
function typeKey(resource: Resource | undefined, catalog: Catalog): string | undefined {
  if (!resource) return '*';
  const type = catalog.resourceTypeOfArn(resource.request.arn);
  return type ? `${type.service}/${type.name}` : undefined;
}

/** The actions one item stands for on `resource`; problems go to `diagnostics`. */
export function expandItem(item: ActionItem, resource: Resource | undefined, catalog: Catalog, diagnostics: Diagnostic[]): ActionInfo[] {
  const arn = resource?.request.arn;
  const on = resource ? `resource \`${resource.name}\`` : '`*` (no resource)';
  switch (item.kind) {
    case 'action': {
      const action = lookupAction(item.text, item.span, catalog, diagnostics, arn);
      if (!action) return [];
      if (!appliesTo(catalog, action, arn)) {
        diagnostics.push(
          diagnostic('ACTION_NOT_APPLICABLE', `\`${action.id}\` cannot apply to ${on}`, item.span, notApplicableHelp(action, catalog, arn)),
        );
        return [];
      }
      return [action];
    }
    case 'pattern': {
      const service = item.text.split(':')[0];
      if (!item.text.includes(':') && item.text !== '*') {
        diagnostics.push(
          diagnostic(
            'BAD_ACTION',
            `\`${item.text}\` is not an action pattern`,
            item.span,
            'expected `service:Pattern`, such as `secretsmanager:Get*`',
          ),
        );
        return [];
      }
      if (!/[*?]/.test(service) && !catalog.hasService(service)) {
        diagnostics.push(unknownService(service, item.span, catalog));
        return [];
      }
      const matched = catalog.expandActions(item.text);
      if (matched.length === 0) {
        diagnostics.push(
          diagnostic(
            'UNKNOWN_ACTION',
            `\`${item.text}\` matches no action`,
            item.span,
            didYouMean(catalog.suggestAction(item.text.replace(/[*?]/g, '')), `see \`iamspec catalog ${service}\``),
          ),
        );
        return [];
      }
      const applicable = matched.filter((a) => appliesTo(catalog, a, arn));
      if (applicable.length === 0) {
        diagnostics.push(
          diagnostic(
            'ACTION_NOT_APPLICABLE',
            `no action matching \`${item.text}\` applies to ${on}`,
            item.span,
            resource ? 'check the resource ARN' : 'give the expectation a `resource`',
          ),
        );
      }
      return applicable;
    }
    case 'selector':
      return expandSelector(item, resource, catalog, diagnostics);
  }
}

function expandSelector(
  item: Extract<ActionItem, { kind: 'selector' }>,
  resource: Resource | undefined,
  catalog: Catalog,
  diagnostics: Diagnostic[],
): ActionInfo[] {
  const levels: AccessLevel[] = [];
  for (const level of item.levels) {
    const known = accessLevels.find((l) => l.toLowerCase() === level.value.toLowerCase());
    if (known) levels.push(known);
    else
      diagnostics.push(
        diagnostic(
          'UNKNOWN_SELECTOR',
          `unknown access level \`${level.value}\``,
          level.span,
          didYouMean(suggest(level.value, accessLevels), `expected one of ${accessLevels.map((l) => `\`${l}\``).join(', ')}`),
        ),
      );
  }
  let service = item.service?.value;
  if (service !== undefined && !catalog.hasService(service)) {
    diagnostics.push(unknownService(service, item.service?.span ?? item.span, catalog));
    return [];
  }
  if (service === undefined) {
    service = resource?.request.arn.split(':')[2];
    if (!service || !catalog.hasService(service)) {
      diagnostics.push(
        diagnostic(
          'UNKNOWN_SELECTOR',
          resource
            ? `the selector has no \`service\` and \`${resource.name}\` is not a resource of a known service`
            : 'the selector has no `service` and the expectation no `resource`',
          item.span,
          'add `service`, such as `{ service: secretsmanager, accessLevel: Write }`',
        ),
      );
      return [];
    }
  }
  if (levels.length === 0) return [];
  const arn = resource?.request.arn;
  const actions = catalog.actionsByAccessLevel(levels, service).filter((a) => appliesTo(catalog, a, arn));
  if (actions.length === 0) {
    diagnostics.push(
      diagnostic(
        'UNKNOWN_SELECTOR',
        `no \`${service}\` action at access level ${levels.map((l) => `\`${l}\``).join(', ')} applies to ${resource ? `resource \`${resource.name}\`` : '`*`'}`,
        item.span,
        `see \`iamspec catalog ${service}\``,
      ),
    );
  }
  return actions;
}

/** `arn:PARTITION:iam::ACCOUNT:root`: the account's root user as a resource. */
const ROOT_USER_ARN = /^arn:[^:]+:iam::\d{12}:root$/;

/**
 * True when `action` can be requested on `arn` (`undefined`: no resource). The root user is also
 * an IAM user resource: IAM's user actions (`iam:ListAccessKeys`, `iam:GetLoginProfile`, ...) act
 * on it when no user name is given, and AWS's AssumeRoot task policies name it as their resource
 * (IAMAuditRootUserCredentials denies its actions on `NotResource: arn:aws:iam::*:root`;
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html), whereas
 * the catalog files the root ARN under STS's `root-user` type only.
 */
export function appliesTo(catalog: Catalog, action: ActionInfo, arn: string | undefined): boolean {
  if (catalog.actionAppliesTo(action, arn)) return true;
  return (
    arn !== undefined && ROOT_USER_ARN.test(arn) && action.id.startsWith('iam:') && action.resourceTypes.some((t) => t.name === 'user')
  );
}

function lookupAction(text: string, span: Span, catalog: Catalog, diagnostics: Diagnostic[], arn?: string): ActionInfo | undefined {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) {
    // `GetSecretValue` on a secret: the service prefix is missing; the resource's service has it.
    const service = arn?.split(':')[2];
    const prefixed = service && colon < 0 ? catalog.action(`${service}:${text}`)?.id : undefined;
    diagnostics.push(
      diagnostic(
        'BAD_ACTION',
        `\`${text}\` is not an action`,
        span,
        didYouMean(prefixed ?? catalog.suggestAction(text), 'expected `service:Action`, such as `secretsmanager:GetSecretValue`'),
      ),
    );
    return undefined;
  }
  const service = text.slice(0, colon);
  if (!catalog.hasService(service)) {
    diagnostics.push(unknownService(service, span, catalog));
    return undefined;
  }
  const action = catalog.action(text);
  if (!action)
    diagnostics.push(
      diagnostic(
        'UNKNOWN_ACTION',
        `unknown action \`${text}\``,
        span,
        didYouMean(catalog.suggestAction(text), `see \`iamspec catalog ${service.toLowerCase()}\``),
      ),
    );
  return action;
}

function unknownService(service: string, span: Span, catalog: Catalog): Diagnostic {
  return diagnostic(
    'UNKNOWN_SERVICE',
    `unknown service \`${service}\``,
    span,
    didYouMean(catalog.suggestService(service), 'see `iamspec catalog` for the known services'),
  );
}

function notApplicableHelp(action: ActionInfo, catalog: Catalog, arn: string | undefined): string {
  if (action.resourceTypes.length === 0) return 'it takes no resource: leave `resource` out of the expectation';
  const types = action.resourceTypes.map((t) => `\`${t.name}\``).join(', ');
  if (arn === undefined) return `it acts on ${types}: give the expectation a \`resource\``;
  const type = catalog.resourceTypeOfArn(arn);
  return `it acts on ${types}, and the resource is ${type ? `a \`${type.name}\`` : 'of no type the catalog knows'}`;
}

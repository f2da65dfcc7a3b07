/**
 * Catalog-backed checks of a parsed policy: names AWS would accept but that match nothing the
 * catalog knows. They are warnings (errors under `--strict`): the policy is valid JSON policy
 * grammar, but a misspelled action or condition key silently never matches.
 *
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
import type { ActionInfo, Catalog } from '../../catalog/types';
import type { Diagnostic } from '../diagnostics';
import { didYouMean } from '../../lib/suggest';
import { checkConditionKeys } from './check-catalog-conditions';
import { checkVariables } from './check-variables';
import { report, statementLabel, type ParseContext } from './context';
import type { Policy, Spanned } from './types';

/**
 * Catalog-backed warnings: unknown service/action (with did-you-mean), a condition key the catalog
 * does not know or that none of the statement's actions supports, an operator that does not fit the
 * key's type (StringEquals on an ArrayOfString key without ForAnyValue/ForAllValues, Bool on a String
 * key, Numeric on a Date...). Severity `warning`.
 */
export function checkPolicyWithCatalog(policy: Policy, catalog: Catalog): Diagnostic[] {
  const ctx: ParseContext = { file: policy.span.file, name: policy.name, kind: policy.kind, diagnostics: [] };
  for (const s of policy.statements) {
    const where = statementLabel(s.index);
    const matched = checkActions(ctx, catalog, s.action ?? [], 'Action', where);
    checkActions(ctx, catalog, s.notAction ?? [], 'NotAction', where);
    // With NotAction the statement covers nearly every action, so any key may apply; with `*` or an
    // unknown action the set is unknown. Key applicability is judged only on a known Action list.
    checkConditionKeys(ctx, catalog, s, where, s.action && matched.complete ? matched.actions : undefined);
  }
  checkVariables(ctx, policy, catalog);
  return ctx.diagnostics;
}

/** The catalog actions a statement's Action entries match, and whether every entry was resolved. */
interface MatchedActions {
  actions: ActionInfo[];
  complete: boolean;
}

function checkActions(ctx: ParseContext, catalog: Catalog, entries: Spanned[], element: string, where: string): MatchedActions {
  const out: MatchedActions = { actions: [], complete: true };
  for (const entry of entries) {
    const found = checkAction(ctx, catalog, entry, element, where);
    if (found === undefined) out.complete = false;
    else out.actions.push(...found);
  }
  return out;
}

/** Returns the actions an entry matches, or undefined when it matches every action or none known. */
function checkAction(ctx: ParseContext, catalog: Catalog, entry: Spanned, element: string, where: string): ActionInfo[] | undefined {
  const text = entry.value;
  if (text === '*') return undefined;
  const colon = text.indexOf(':');
  // INVARIANT: the grammar check let through only `*` and `service:action`.
  if (colon < 0) throw new Error(`unchecked action \`${text}\``);
  const service = text.slice(0, colon);
  const name = text.slice(colon + 1);
  const wildService = /[*?]/.test(service);
  if (!wildService && !catalog.hasService(service)) {
    const near = catalog.suggestService(service);
    const nearAction = near !== undefined ? catalog.suggestAction(`${near}:${name}`) : undefined;
    const help = didYouMean(
      nearAction ?? (near !== undefined ? `${near}:${name}` : undefined),
      'check the service prefix in the Service Authorization Reference',
    )!;
    report(ctx, 'UNKNOWN_SERVICE', where, `unknown service \`${service}\` in \`${element}\` \`${text}\``, entry.span, help, 'warning');
    return undefined;
  }
  const matches = catalog.expandActions(text);
  if (matches.length > 0) return matches;
  if (wildService || /[*?]/.test(name)) {
    report(
      ctx,
      'UNKNOWN_ACTION',
      where,
      `\`${element}\` pattern \`${text}\` matches no known action`,
      entry.span,
      `check the pattern against the actions of ${wildService ? 'the services it names' : `\`${service.toLowerCase()}\``}`,
      'warning',
    );
    return undefined;
  }
  report(
    ctx,
    'UNKNOWN_ACTION',
    where,
    `unknown action \`${text}\` in \`${element}\``,
    entry.span,
    didYouMean(catalog.suggestAction(text), `\`${service.toLowerCase()}\` has no action named \`${name}\``)!,
    'warning',
  );
  return undefined;
}

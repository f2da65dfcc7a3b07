/**
 * Policy variables that name no key: `${aws:usrname}` (a typo) or `${prod-account}` (meant as a
 * template variable, but a hyphen makes it an IAM variable) is substituted by AWS from a request
 * key that never exists, so the Resource or condition value it sits in never matches, and a Deny
 * holding it never applies. A warning (an error under `--strict`): AWS accepts the policy.
 *
 * "You can use policy variables ... [for] the AWS global condition keys and service-specific
 * condition keys" and "If a policy variable references a key that is not present in the request
 * context, ... the variable is not replaced" (variables page, sections "Request information that
 * you can use for policy variables" and "Non-existent policy variable values":
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html). `${*}`,
 * `${?}` and `${$}` are the special characters (section "Special characters").
 */
import type { Catalog } from '../../catalog/types';
import { didYouMean } from '../../lib/suggest';
import { suggestKey } from './check-catalog-conditions';
import { report, statementLabel, type ParseContext } from './context';
import type { Policy, Spanned } from './types';

const special = new Set(['*', '?', '$']);

/** The key a variable reads: `${aws:username, 'nobody'}` → `aws:username`. */
function variableKey(body: string): string {
  const comma = body.indexOf(',');
  return (comma === -1 ? body : body.slice(0, comma)).trim();
}

/** Warns about each variable of a 2012-10-17 policy whose key the catalog does not know. */
export function checkVariables(ctx: ParseContext, policy: Policy, catalog: Catalog): void {
  // Under other versions `${...}` is literal text, reported as LITERAL_VARIABLE by the parser.
  if (policy.version !== '2012-10-17') return;
  for (const s of policy.statements) {
    const where = statementLabel(s.index);
    const values: Spanned[] = [...(s.resource ?? []), ...(s.notResource ?? []), ...s.conditions.flatMap((c) => c.values)];
    for (const v of values) {
      for (const m of v.value.matchAll(/\$\{([^}]*)\}/g)) {
        const key = variableKey(m[1]!);
        if (special.has(key) || catalog.conditionKey(key) !== undefined) continue;
        const template = /^[A-Za-z0-9_-]+$/.test(key);
        report(
          ctx,
          'UNKNOWN_VARIABLE',
          where,
          `policy variable \`${m[0]}\` names no condition key the catalog knows`,
          v.span,
          template
            ? `a template variable name has only letters, digits and \`_\`, such as \`${key.replace(/-/g, '_')}\`; declare it under \`vars\``
            : didYouMean(
                suggestKey(catalog, key, undefined),
                'AWS replaces it from the request, which never carries such a key, so the value never matches',
              )!,
          'warning',
        );
      }
    }
  }
}

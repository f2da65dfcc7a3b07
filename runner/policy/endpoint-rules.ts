/**
 * The VPC endpoint policy's own grammar, beyond the resource-based grammar it shares
 * (kind-rules.ts). "Control access to VPC endpoints using endpoint policies"
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html), section
 * "Considerations":
 * - "You can't use wildcard characters (* or ?) or numeric condition operators with global
 *   context keys that reference system-generated identifiers (for example, aws:PrincipalAccount
 *   or aws:SourceVpc)";
 * - "When you use a string condition operator, you must use at least six consecutive characters
 *   before or after each wildcard character";
 * - "When you specify an ARN in a resource or condition element, the account portion of the ARN
 *   can include an account ID or a wildcard character, but not both".
 */
import { report, type ParseContext } from './context';
import type { Spanned, Statement } from './types';

// Global keys whose values AWS generates (account, organization, VPC and endpoint ids), after the
// page's two examples; the keys of the global keys page that hold such identifiers.
const systemIdKeys = new Set(
  [
    'aws:PrincipalAccount',
    'aws:PrincipalOrgID',
    'aws:ResourceAccount',
    'aws:ResourceOrgID',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:VpceAccount',
    'aws:VpceOrgID',
    'aws:SourceAccount',
    'aws:SourceOrgID',
  ].map((k) => k.toLowerCase()),
);

const hasWildcard = (v: string): boolean => /[*?]/.test(v);

/** True when every wildcard has six consecutive other characters right before or right after it. */
function wildcardsAnchored(v: string): boolean {
  const runs = v.split(/[*?]/);
  // Wildcard i sits between runs[i] and runs[i + 1].
  for (let i = 0; i + 1 < runs.length; i++) if (runs[i]!.length < 6 && runs[i + 1]!.length < 6) return false;
  return true;
}

/** True when an ARN's account field mixes digits and a wildcard (`1111*`). */
function mixedAccount(v: string): boolean {
  if (!v.startsWith('arn:')) return false;
  const account = v.split(':')[4];
  return account !== undefined && hasWildcard(account) && /[^*?]/.test(account);
}

/** Reports what AWS rejects in a VPC endpoint policy statement. */
export function checkEndpointStatement(ctx: ParseContext, s: Statement, where: string): void {
  for (const r of s.resource ?? []) checkArn(ctx, r, where);
  for (const r of s.notResource ?? []) checkArn(ctx, r, where);
  for (const c of s.conditions) {
    const key = c.key.value;
    if (systemIdKeys.has(key.toLowerCase())) {
      if (c.operator.startsWith('Numeric')) {
        report(
          ctx,
          'BAD_CONDITION_VALUE',
          where,
          `\`${c.raw.value}\` on \`${key}\` is not supported in a VPC endpoint policy`,
          c.raw.span,
          'compare system-generated identifiers with `StringEquals` or `StringNotEquals`',
        );
        continue;
      }
      for (const v of c.values) {
        if (hasWildcard(v.value)) {
          report(
            ctx,
            'BAD_CONDITION_VALUE',
            where,
            `wildcard in \`${v.value}\` for \`${key}\`, which a VPC endpoint policy does not allow`,
            v.span,
            'list the full identifiers: AWS rejects wildcards on system-generated identifiers in endpoint policies',
          );
        }
      }
      continue;
    }
    for (const v of c.values) {
      if ((c.operator === 'StringLike' || c.operator === 'StringNotLike') && !wildcardsAnchored(v.value)) {
        report(
          ctx,
          'BAD_CONDITION_VALUE',
          where,
          `\`${v.value}\`: a wildcard without six consecutive characters before or after it`,
          v.span,
          'a VPC endpoint policy needs at least six consecutive characters before or after each wildcard',
        );
      } else if (c.operator.startsWith('Arn')) checkArn(ctx, v, where);
    }
  }
}

function checkArn(ctx: ParseContext, v: Spanned, where: string): void {
  if (!mixedAccount(v.value)) return;
  report(
    ctx,
    'BAD_ARN',
    where,
    `the account of \`${v.value}\` mixes an account id and a wildcard`,
    v.span,
    "a VPC endpoint policy takes an account id or `*` in an ARN's account field, not both",
  );
}

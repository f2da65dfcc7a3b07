/**
 * Formats of Action/NotAction and Resource/NotResource entries.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 */
import { arnProblem } from './arn-grammar';
import { report, type ParseContext } from './context';
import { unmatchableArn } from './unmatchable-arn';
import type { Spanned } from './types';

// "service-prefix:action-name", or `*` alone; either part may hold `*` and `?` (Action page,
// "You can use wildcards (* or ?) in the action name"). Service prefixes are lowercase letters,
// digits and hyphens; AWS matches actions case-insensitively, so any case is accepted. One action
// (`vpc-lattice:AssociateViaAWSService-EventsAndStates`) has a hyphen in its name.
const actionPattern = /^[A-Za-z0-9*?-]+:[A-Za-z0-9*?-]+$/;

/** Reports malformed actions; returns the ones that are well-formed. */
export function checkActions(ctx: ParseContext, element: string, values: Spanned[], where: string): Spanned[] {
  return values.filter((v) => {
    if (v.value === '*' || actionPattern.test(v.value)) return true;
    report(ctx, 'BAD_ACTION', where, `malformed action \`${v.value}\` in \`${element}\``, v.span, actionHelp(v.value));
    return false;
  });
}

function actionHelp(value: string): string {
  if (value === '') return 'expected `service:Action`, such as `secretsmanager:GetSecretValue`, or `*`';
  if (!value.includes(':')) return `expected \`service:Action\`, such as \`secretsmanager:GetSecretValue\`, or \`*\``;
  if (/\s/.test(value)) return 'an action has no spaces: expected `service:Action`';
  return 'expected `service:Action` with letters, digits, `*` or `?`, such as `s3:Get*`';
}

/**
 * Masks policy variables so their colons and slashes do not count as ARN separators.
 * Example: `arn:aws:s3:::bucket/${aws:username}/*` → `arn:aws:s3:::bucket/$/*`.
 */
function maskVariables(arn: string): string {
  return arn.replace(/\$\{[^}]*\}/g, '$');
}

/**
 * A Resource entry must be `*` or an ARN: `arn:partition:service:region:account-id:resource`, six
 * colon-separated parts at least (the resource part may hold more colons), wildcards allowed in
 * every part (Resource page, "Including wildcards (*) in resource ARNs"; ARN format in
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
 */
export function isResourceArn(value: string): boolean {
  if (value === '*') return true;
  const masked = maskVariables(value);
  if (!masked.startsWith('arn:')) return false;
  const parts = masked.split(':');
  // partition and service must be present; region and account may be empty (`arn:aws:s3:::bucket`),
  // and so may the resource part when another part names something: AWS accepts
  // `arn:aws:organizations::*:` in its own managed policy AmazonDevOpsGuruOrganizationsAccess.
  // An ARN with region, account and resource all empty (`arn:aws:s3:::`) names nothing.
  return parts.length >= 6 && parts[1] !== '' && parts[2] !== '' && (parts[3] !== '' || parts[4] !== '' || parts.slice(5).join(':') !== '');
}

/**
 * True when the service segment holds a wildcard: "You can't use a wildcard in the service segment
 * that identifies the AWS product" (Resource page, "Using wildcards in resource ARNs").
 */
function hasServiceWildcard(value: string): boolean {
  const service = maskVariables(value).split(':')[2] ?? '';
  return /[*?]/.test(service);
}

/** Reports malformed resource ARNs; returns the ones that are well-formed. */
export function checkResources(ctx: ParseContext, element: string, values: Spanned[], where: string): Spanned[] {
  return values.filter((v) => {
    if (isResourceArn(v.value) && !hasServiceWildcard(v.value)) {
      if (v.value === '*') return true;
      const problem = arnProblem(v.value, 'policy');
      if (!problem) {
        // Well-formed, yet no real resource's ARN matches it (a secret without its suffix, an S3
        // ARN with a Region): a warning, an error under --strict (see unmatchable-arn.ts).
        const why = unmatchableArn(v.value, 'policy', element);
        if (why) report(ctx, 'UNMATCHABLE_ARN', where, why.message, v.span, why.help, 'warning');
        return true;
      }
      // A malformed partition, region or account is an error (Access Analyzer's "Invalid
      // partition", "Invalid ARN Region", "Invalid ARN account"); text AWS stores but that can never
      // match a real resource is a warning, an error under --strict (see arn-grammar.ts).
      report(
        ctx,
        'BAD_ARN',
        where,
        `\`${v.value}\` in \`${element}\` ${problem.message}`,
        v.span,
        problem.help,
        problem.neverMatches ? 'warning' : 'error',
      );
      return problem.neverMatches === true;
    }
    if (isResourceArn(v.value)) {
      report(
        ctx,
        'BAD_ARN',
        where,
        `wildcard in the service part of \`${v.value}\` in \`${element}\``,
        v.span,
        'name the service, such as `arn:aws:s3:::bucket/*`, or use `*` for every resource',
      );
      return false;
    }
    const help = v.value.startsWith('arn:')
      ? 'expected `arn:partition:service:region:account-id:resource` (six parts separated by colons)'
      : 'expected `*` or an ARN such as `arn:aws:secretsmanager:us-east-1:111122223333:secret:payments-*`';
    report(ctx, 'BAD_ARN', where, `malformed ARN \`${v.value}\` in \`${element}\``, v.span, help);
    return false;
  });
}

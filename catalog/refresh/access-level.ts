/**
 * The primary access level rule.
 *
 * iam-data gives one level for most actions, but joins two for some: `Permissions management, Write`
 * (s3:PutBucketPolicy, secretsmanager:PutResourcePolicy, iam:CreatePolicy) and `Tagging, Write`
 * (ec2:CreateTags, secretsmanager:TagResource); every combination in the pinned data includes Write,
 * and the parts are sorted alphabetically, so their order says nothing.
 * AWS's machine-readable service reference marks such actions with several properties
 * (IsPermissionManagement or IsTaggingOnly together with IsWrite; "Simplified AWS service information
 * for programmatic access", https://docs.aws.amazon.com/service-authorization/latest/reference/service-reference.html),
 * while the Service Authorization Reference page shows one level: the specific one. The permissions reference (the
 * Secrets Manager page) confirms it: PutResourcePolicy is "Permissions management" and TagResource
 * "Tagging", where iam-data joins each with Write.
 *
 * RULE: the primary level is the first of the action's levels in the order
 * Permissions management, Tagging, Write, Read, List — the more specific level wins over Write.
 * The generator checks the rule against every seed action.
 */
import { accessLevels, type AccessLevel } from '../types';

/** Precedence for choosing the primary level; earlier wins. */
export const accessLevelPrecedence: readonly AccessLevel[] = ['Permissions management', 'Tagging', 'Write', 'Read', 'List'];

/** Splits iam-data's `Tagging, Write` into known levels. Throws on an unknown level (a data change to look at). */
export function splitAccessLevels(text: string): AccessLevel[] {
  return text.split(',').map((part) => {
    const level = part.trim();
    if (!(accessLevels as readonly string[]).includes(level)) throw new Error(`unknown access level \`${level}\``);
    return level as AccessLevel;
  });
}

/** The levels ordered by {@link accessLevelPrecedence}, without repeats; the first is the primary. */
export function orderAccessLevels(levels: readonly AccessLevel[]): AccessLevel[] {
  return accessLevelPrecedence.filter((l) => levels.includes(l));
}

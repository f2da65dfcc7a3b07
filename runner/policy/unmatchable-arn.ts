/**
 * ARNs that are well-formed but that no real resource's ARN can match: one rule for a policy's
 * `Resource`/`NotResource` entries (runner/policy/action-resource.ts, a warning) and for the
 * resources a scenario declares (runner/model/values.ts), so the two cannot drift. Code
 * `UNMATCHABLE_ARN`.
 *
 * - A Secrets Manager secret ARN ends with the secret's name, `-` and six random characters:
 *   "Secrets Manager constructs the last part of the ARN by appending a dash and six random
 *   alphanumeric characters at the end of the secret name"
 *   (https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html,
 *   section "Resources"). A policy names a secret by its name with `-??????` ("a wildcard to match
 *   the 6 random characters assigned by Secrets Manager") or `-*`
 *   (https://docs.aws.amazon.com/secretsmanager/latest/userguide/permissions_grant-limited-resources.html,
 *   "Example: Granting permissions to a single secret by name"); `secret:db` alone matches nothing.
 * - An S3 bucket or object ARN has no Region and no account: "An Amazon S3 ARN excludes the AWS
 *   Region and namespace" and "reduces to `arn:aws:s3:::bucket_name/key_name`"
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-arn-format.html). Access points,
 *   jobs, Storage Lens, Access Grants and Multi-Region Access Point requests do have them (the
 *   Service Authorization Reference's S3 resource types), so those resource types are left alone.
 *   A wildcard matches zero characters within its segment (same page, "Wildcards"), so a Region or
 *   account that holds one can still be empty.
 */
import type { ArnSite } from './arn-grammar';

/** Why an ARN can never match, in the diagnostics' words, with a did-you-mean. */
export interface Unmatchable {
  message: string;
  help: string;
}

/** S3 resource types whose ARNs do hold a Region and an account (`accesspoint/NAME`, `job/ID`, ...). */
const s3TypesWithRegion = /^(?:accesspoint|job|storage-lens|storage-lens-group|access-grants|async-request)\//;

/**
 * The reason `arn` can never match a real resource, or undefined. In a policy (`site` `policy`),
 * `*`, `?` and policy variables (`${aws:username}`, which may stand for any text) are wildcards;
 * in a scenario they never occur (the ARN names one resource). `element` names the policy element
 * in the message (`Resource`).
 */
export function unmatchableArn(arn: string, site: ArnSite, element?: string): Unmatchable | undefined {
  const quoted = `\`${arn}\`${element !== undefined ? ` in \`${element}\`` : ''}`;
  const masked = site === 'policy' ? arn.replace(/\$\{[^}]*\}/g, '*') : arn;
  const parts = masked.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) return undefined;
  const [, , service, region = '', account = ''] = parts;
  const resource = parts.slice(5).join(':');
  if (service === 'secretsmanager' && resource.startsWith('secret:')) {
    const name = resource.slice('secret:'.length);
    if (secretNameCanMatch(name, site)) return undefined;
    if (site === 'scenario')
      return {
        message: `${quoted} names no real secret: a secret's ARN ends with \`-\` and six random characters`,
        help: 'copy the full ARN from Secrets Manager, such as `...:secret:db-AbCdEf`',
      };
    const base = arn.slice(0, arn.length - (arn.endsWith('-') ? 1 : 0));
    return {
      message: `${quoted} can never match a secret: a secret's ARN ends with its name, \`-\` and six random characters`,
      help: `did you mean \`${base}-*\`? (\`${base.slice(base.lastIndexOf(':') + 1)}-??????\` matches exactly the six characters)`,
    };
  }
  if (service === 's3') {
    const literal = (segment: string): boolean => segment !== '' && !/[*?]/.test(segment);
    if (!literal(region) && !literal(account)) return undefined;
    if (s3TypesWithRegion.test(resource) || /^[^/]*[*?]/.test(resource)) return undefined;
    // Drop the Region and account of the ARN as written, its policy variables kept (their colons
    // are not separators).
    const variables: string[] = [];
    const fixed = arn
      .replace(/\$\{[^}]*\}/g, (v) => `\u0000${variables.push(v) - 1}\u0000`)
      .replace(/^(arn:[^:]*:s3:)[^:]*:[^:]*:/, '$1::')
      .replace(/\u0000(\d+)\u0000/g, (_, i: string) => variables[Number(i)]!);
    return {
      message: `${quoted} ${site === 'policy' ? 'can never match an S3 bucket or object' : 'names no S3 bucket or object'}: their ARNs have no Region and no account`,
      help: `did you mean \`${fixed}\`?`,
    };
  }
  return undefined;
}

/**
 * True when some real secret's name part (`NAME-XXXXXX`, six letters or digits) can match `name`.
 * Only the text after the last `*` must fit the end of `-XXXXXX` (a `*` takes any text before it);
 * `?` stands for any one character.
 */
function secretNameCanMatch(name: string, site: ArnSite): boolean {
  if (site === 'scenario') return /-[A-Za-z0-9]{6}$/.test(name);
  const star = name.lastIndexOf('*');
  const tail = name.slice(star + 1);
  const fits = (ch: string, pattern: RegExp): boolean => ch === '?' || pattern.test(ch);
  if (tail.length >= 7) {
    const end = tail.slice(-7);
    return fits(end[0]!, /-/) && [...end.slice(1)].every((ch) => fits(ch, /[A-Za-z0-9]/));
  }
  return star !== -1 && [...tail].every((ch) => fits(ch, /[A-Za-z0-9]/));
}

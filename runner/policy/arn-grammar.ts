/**
 * The parts of an ARN that AWS reads as names: partition, service, region and account. One leaf
 * grammar for the policy checker (Resource entries, principal ARNs) and for the scenario model
 * (principal and resource ARNs), so the two cannot drift.
 *
 * ARN format: `arn:partition:service:region:account-id:resource`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html, section "ARN format").
 * IAM Access Analyzer rejects the same mistakes in policies
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html,
 * sections "Error – Invalid partition", "Error – Invalid ARN Region", "Error – Invalid ARN account").
 */

/**
 * The partitions AWS documents: "aws - AWS Regions", "aws-cn - China Regions", "aws-us-gov - AWS
 * GovCloud (US) Regions" (ARN format page, "partition"), the isolated partitions `aws-iso`,
 * `aws-iso-b`, `aws-iso-e`, `aws-iso-f`, and `aws-eusc` (AWS European Sovereign Cloud).
 */
export const partitions = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'] as const;

/** A problem with an ARN, in the diagnostics' words. */
export interface ArnProblem {
  message: string;
  help: string;
  /**
   * True when AWS accepts the text in a policy but it can never match (a space at an end, a
   * non-ASCII letter in an IAM name): a warning in a policy, an error in a scenario. Otherwise the
   * partition, service, region or account is malformed, which Access Analyzer reports as an error.
   */
  neverMatches?: true;
}

/** Where the ARN is written: a policy entry may hold wildcards and policy variables; a scenario ARN names one thing. */
export type ArnSite = 'policy' | 'scenario';

/**
 * Services whose resource names are ASCII: IAM names take "alphanumeric characters" and `+=,.@-_`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html, section "IAM name
 * requirements"); STS session names likewise; a secret name takes "ASCII letters, numbers" and
 * `/_+=.@-` (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html,
 * `Name`); KMS key ids and aliases are ASCII. S3 object keys are not in the list: they may hold any
 * UTF-8 text, spaces included.
 */
const asciiNamedServices: ReadonlySet<string> = new Set(['iam', 'sts', 'secretsmanager', 'kms']);

// Zero-width and other invisible format characters (Unicode category Cf: U+200B..U+200F, U+2060,
// U+FEFF, ...): never part of a name a person means to write.
const invisible = /\p{Cf}/u;

/** A few look-alike letters people paste by accident: Cyrillic and Greek letters shaped like Latin ones. */
const lookAlikes: Readonly<Record<string, string>> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  ο: 'o',
  α: 'a',
  ν: 'v',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Κ: 'K',
  Ο: 'O',
  Τ: 'T',
};

/** `U+0430` for a character. */
function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** What a non-ASCII character probably stands for: its look-alike, or its compatibility form (the Kelvin sign is `K`). */
function asciiFor(ch: string): string | undefined {
  const known = lookAlikes[ch];
  if (known) return known;
  const folded = ch.normalize('NFKC');
  return /^[\x21-\x7e]+$/.test(folded) ? folded : undefined;
}

/** The first invisible or non-ASCII character of `text`, described, or undefined. */
function badCharacter(text: string, where: string): ArnProblem | undefined {
  for (const ch of text) {
    if (invisible.test(ch)) {
      return {
        message: `holds the invisible character ${codePoint(ch)} in ${where}`,
        help: 'delete it: retype the ARN, or paste it as plain text',
      };
    }
    if (ch.codePointAt(0)! > 0x7e) {
      const ascii = asciiFor(ch);
      return {
        message: `holds the non-ASCII character \`${ch}\` (${codePoint(ch)}) in ${where}`,
        help:
          ascii !== undefined
            ? `did you mean the ASCII \`${ascii}\`? AWS compares ARNs character by character`
            : 'ARN names here are ASCII: retype the character',
      };
    }
  }
  return undefined;
}

/** Masks policy variables (`${aws:username}` → `$`) so their colons do not split the ARN. */
function maskVariables(arn: string): string {
  return arn.replace(/\$\{[^}]*\}/g, '$');
}

/**
 * Checks the text and the name parts of an ARN. `value` is known to start with `arn:` and to have
 * six colon-separated parts (the caller checks the shape first). Returns the first problem.
 *
 * In a policy, parts may hold `*`, `?` and policy variables; in a scenario (a request's principal
 * or resource) they may not: "a request names one resource" and a wildcard there would be compared
 * as a literal character, matching nothing real.
 */
export function arnProblem(value: string, site: ArnSite): ArnProblem | undefined {
  if (/^\s|\s$/.test(value)) {
    return {
      message: 'has a leading or trailing space',
      help: 'remove the space: AWS compares ARNs character by character, so this one matches nothing',
      neverMatches: true,
    };
  }
  const masked = site === 'policy' ? maskVariables(value) : value;
  const parts = masked.split(':');
  const [, partition = '', service = '', region = '', account = ''] = parts;
  const resource = parts.slice(5).join(':');
  const head = badCharacter(parts.slice(0, 5).join(':'), 'its partition, service, region or account');
  if (head) return head;
  const wild = site === 'policy' ? /[*?$]/ : /(?!)/;
  if (!wild.test(partition) && !(partitions as readonly string[]).includes(partition)) {
    return {
      message: `has the unknown partition \`${partition}\``,
      help: `expected one of ${partitions.map((p) => `\`${p}\``).join(', ')}`,
    };
  }
  if (/\s/.test(service) || (!wild.test(service) && !/^[a-z0-9-]+$/.test(service))) {
    return {
      message: `has the malformed service \`${service}\``,
      help: 'a service prefix is lowercase letters, digits and hyphens, such as `secretsmanager`',
    };
  }
  const regionText = site === 'policy' ? region.replace(/[*?$]/g, '') : region;
  if (region !== '' && !/^[a-z0-9-]*$/.test(regionText)) {
    const lower = region.toLowerCase().replace(/_/g, '-');
    return {
      message: `has the malformed region \`${region}\``,
      help: `a region code is lowercase letters, digits and hyphens: did you mean \`${lower}\`?`,
    };
  }
  if (/^\d+$/.test(account) && account.length !== 12) {
    return { message: `has the ${account.length}-digit account \`${account}\``, help: 'an account id has exactly 12 digits' };
  }
  if (account !== '' && account !== 'aws' && !/^\d+$/.test(account) && !(site === 'policy' && /^[\d*?$]+$/.test(account))) {
    return {
      message: `has the malformed account \`${account}\``,
      help: 'expected a 12-digit account id (or nothing, for services such as S3)',
    };
  }
  if (site === 'scenario' && /[*?]/.test(value)) {
    return {
      message: 'holds a wildcard',
      help: 'a request names one resource, so `*` and `?` would be compared as characters: write the full ARN, or name a resource declared under `resources`',
    };
  }
  if (asciiNamedServices.has(service)) {
    const tail = badCharacter(resource, 'its resource name');
    if (tail) return { ...tail, neverMatches: true };
  }
  if (site === 'scenario' && service === 'kms') {
    const key = kmsKeyProblem(resource);
    if (key) return key;
  }
  const hidden = [...resource].find((ch) => invisible.test(ch));
  if (hidden !== undefined) {
    return {
      message: `holds the invisible character ${codePoint(hidden)} in its resource name`,
      help: 'delete it: retype the ARN, or paste it as plain text',
      neverMatches: true,
    };
  }
  return undefined;
}

/**
 * A KMS key id: a UUID such as `1234abcd-12ab-34cd-56ef-1234567890ab`, or a multi-Region key id,
 * `mrk-` and 32 hex digits such as `mrk-1234abcd12ab34cd56ef1234567890ab`; a key ARN is
 * `arn:aws:kms:REGION:ACCOUNT:key/KEY-ID`
 * (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-ARN, sections
 * "Key ID" and "Key ARN"). An alias is not a key id: `key/alias/app-key` names no key.
 */
export function isKmsKeyId(id: string): boolean {
  return /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/i.test(id);
}

/**
 * True for a key given by an alias, `alias/NAME` or `arn:aws:kms:REGION:ACCOUNT:alias/NAME`
 * (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-alias-name). An alias
 * points to a key that only KMS knows: iamspec cannot resolve it offline, so a secret whose `kmsKeyId` is
 * one has no declared key (runner/secret-keys.ts), not even a resource declared with the alias
 * ARN, which has no key policy.
 */
export function isKmsAlias(id: string): boolean {
  return id.startsWith('alias/') || /^arn:[^:]+:kms:[^:]*:[^:]*:alias\//.test(id);
}

/** The problem of a scenario's KMS ARN resource part (`key/ID` or `alias/NAME`), if any. */
function kmsKeyProblem(resource: string): ArnProblem | undefined {
  if (!resource.startsWith('key/')) return undefined;
  const id = resource.slice('key/'.length);
  if (isKmsKeyId(id)) return undefined;
  return {
    message: `names the key \`${id}\`, which is not a KMS key id`,
    help: id.startsWith('alias/')
      ? `an alias is not a key: write the ARN of the key \`${id}\` points to, \`key/<key id>\` (iamspec cannot resolve aliases offline)`
      : 'a key id is a UUID such as `1234abcd-12ab-34cd-56ef-1234567890ab`, or `mrk-` and 32 hex digits for a multi-Region key',
  };
}

/** The partition of an ARN, or undefined when it is not an ARN. */
export function partitionOf(arn: string): string | undefined {
  return arn.startsWith('arn:') ? arn.split(':')[1] : undefined;
}

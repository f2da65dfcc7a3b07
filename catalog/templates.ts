/**
 * Matching concrete names against the catalog's templates: ARN templates
 * (`arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}`) and condition key
 * templates (`aws:ResourceTag/${TagKey}`, `secretsmanager:ResourceTag/tag-key`,
 * `s3:ExistingObjectTag/<key>`).
 */

/** A compiled template. */
export interface TemplateMatcher {
  /** True when the concrete text is an instance of the template. */
  matches(text: string): boolean;
  /** Characters outside variables: more means more specific. */
  literalLength: number;
  /** Variables that may span `/` and `:`; fewer means more specific. */
  openVariables: number;
  /** `${Partition}`, `${Region}`, `${Account}` fields; fewer means more specific (a literal empty field beats a variable one). */
  fieldVariables: number;
}

/** ARN variables that stand for one colon-free ARN field. */
const fieldVariables = new Set(['${Partition}', '${Region}', '${Account}']);

/** A variable in a template: `${Name}`, `<name>`, or a final `tag-key` after `Tag/`. */
const variablePattern = /\$\{[^}]+\}|<[^>]+>|(?<=Tag\/)tag-key$/g;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** True when `template` has a variable part. */
export function isTemplate(template: string): boolean {
  variablePattern.lastIndex = 0;
  return variablePattern.test(template);
}

/**
 * Compiles a template into an anchored regular expression. `${Partition}`, `${Region}` and
 * `${Account}` match one ARN field (no `:`, possibly empty: S3 ARNs leave region and account
 * empty); every other variable matches one or more of any character, `/` and `:` included, since
 * resource names and tag keys may hold them. Before/after:
 * `arn:${Partition}:s3:::${BucketName}/${ObjectName}` becomes `^arn:[^:]*:s3:::(.+)/(.+)$`, which
 * matches `arn:aws:s3:::bucket/a/b.txt`. The regular expressions have at most a few `.+` groups
 * and run on ARNs and keys of bounded length, so backtracking stays small.
 */
export function compileTemplate(template: string, options: { ignoreCase: boolean }): TemplateMatcher {
  let source = '^';
  let last = 0;
  let literalLength = 0;
  let openVariables = 0;
  let fieldVariableCount = 0;
  variablePattern.lastIndex = 0;
  for (let m = variablePattern.exec(template); m; m = variablePattern.exec(template)) {
    source += escapeRegExp(template.slice(last, m.index));
    literalLength += m.index - last;
    if (fieldVariables.has(m[0])) {
      source += '[^:]*';
      fieldVariableCount++;
    } else {
      source += '.+';
      openVariables++;
    }
    last = m.index + m[0].length;
  }
  source += `${escapeRegExp(template.slice(last))}$`;
  literalLength += template.length - last;
  const re = new RegExp(source, options.ignoreCase ? 'is' : 's');
  return { matches: (text) => re.test(text), literalLength, openVariables, fieldVariables: fieldVariableCount };
}

/**
 * Orders matchers most specific first: longer literal text, then fewer open variables, then fewer
 * field variables (`arn:${Partition}:ram::${Account}:permission/…`, with a literal empty region,
 * is more specific than the same template with `${Region}`). Zero means a tie.
 */
export function bySpecificity(a: TemplateMatcher, b: TemplateMatcher): number {
  return b.literalLength - a.literalLength || a.openVariables - b.openVariables || a.fieldVariables - b.fieldVariables;
}

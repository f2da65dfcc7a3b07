/**
 * Keys that differ only in case, where AWS reads them case-insensitively: request context keys
 * and tag keys. `aws:SourceIp: 10.0.0.1` next to `aws:sourceip: 203.0.113.7` is one key to AWS, so
 * a scenario giving both states two values for one key and the run would silently pick one.
 *
 * "Condition key names are not case-sensitive" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html,
 * section "The condition block"); IAM tag keys are case-insensitive (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html,
 * section "Tag naming rules"), and a tag key reaches policies as the condition key
 * `aws:PrincipalTag/KEY` or `aws:ResourceTag/KEY`, whose name is compared case-insensitively.
 */
import { isMap, isScalar, type YAMLMap } from 'yaml';
import { diagnostic, type Diagnostic, type Span } from '../diagnostics';
import { keyText, nodeAtPath, nodeSpan } from '../yaml-tree/nodes';
import type { ParsedYaml } from './yaml';

/** The mappings whose keys AWS reads case-insensitively: `context`, expectations' `context`, `tags`. */
function caseInsensitiveMaps(parsed: ParsedYaml): { map: YAMLMap; what: string }[] {
  const out: { map: YAMLMap; what: string }[] = [];
  const at = (path: string[]): unknown => nodeAtPath(parsed, path).node;
  const add = (node: unknown, what: string): void => {
    if (isMap(node)) out.push({ map: node, what });
  };
  add(at(['context']), 'context key');
  const expect = at(['expect']) as { items?: unknown[] } | undefined;
  for (const item of expect?.items ?? []) if (isMap(item)) add(item.get('context', true), 'context key');
  for (const section of ['principals', 'resources']) {
    const node = at([section]);
    if (!isMap(node)) continue;
    for (const pair of node.items) if (isMap(pair.value)) add(pair.value.get('tags', true), 'tag key');
  }
  return out;
}

/** DUPLICATE_KEY for each key equal to an earlier one of its mapping but for case. */
export function caseDuplicates(parsed: ParsedYaml): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { map, what } of caseInsensitiveMaps(parsed)) {
    const seen = new Map<string, { text: string; span: Span }>();
    for (const pair of map.items) {
      if (!isScalar(pair.key)) continue;
      const text = keyText(pair.key, parsed.document);
      if (text === undefined) continue;
      const span = nodeSpan(pair.key, parsed.file);
      const first = seen.get(text.toLowerCase());
      if (!first) {
        seen.set(text.toLowerCase(), { text, span });
        continue;
      }
      if (first.text === text) continue; // an exact duplicate: the YAML parser reports it
      const d = diagnostic(
        'DUPLICATE_KEY',
        `${what} \`${text}\` differs from \`${first.text}\` only in case, and AWS reads them as one key`,
        span,
        `give the ${what} once`,
      );
      out.push(d);
    }
  }
  return out;
}

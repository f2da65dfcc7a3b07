/**
 * Resource and NotResource matching: case-sensitive ARN patterns with `*` and `?`, policy
 * variables substituted under Version 2012-10-17. A request without a resource is on `*`, which
 * only the pattern `*` matches.
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 * (section "Including wildcard characters (* and ?) in resource ARNs"; "Resource ARNs are
 * case-sensitive"; section "Policy variables in resource ARNs") and
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html.
 */
import type { Spanned } from '../policy/types';
import type { WildcardMatcher } from '../../catalog/wildcard';
import { compilePattern, hasLiteralWildcard, type PatternText } from './pattern';
import { parseTemplate, resolveTemplate, type ContextLookup, type Template } from './variables';

/** One compiled Resource entry: fixed, or a template resolved per request. */
export interface ResourceEntry {
  template: Template;
  fixed?: WildcardMatcher;
  /**
   * For a template: matchers of resolved texts seen before whose `*` and `?` are all wildcards
   * (a text then fully determines its matcher); bounded. Requests repeat a few values.
   */
  resolved?: Map<string, WildcardMatcher>;
}

/** Compiles Resource or NotResource entries. */
export function compileResources(entries: readonly Spanned[], substitute: boolean): ResourceEntry[] {
  return entries.map((e) => {
    const template = parseTemplate(e.value, substitute);
    return template.dynamic ? { template, resolved: new Map() } : { template, fixed: compilePattern({ text: e.value }) };
  });
}

/** What the explaining path records about a resource match. */
export interface ResourceRecord {
  resolved: string[];
  variables: Map<string, string | undefined>;
}

/** Index of the first entry matching `arn`, or -1. Unresolvable entries match nothing. */
export function matchResource(entries: readonly ResourceEntry[], arn: string, lookup: ContextLookup, record?: ResourceRecord): number {
  let found = -1;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    let ok: boolean;
    if (e.fixed && !record) ok = e.fixed(arn);
    else {
      const r = resolveTemplate(e.template, lookup, record?.variables);
      record?.resolved.push(r ? r.text : e.template.raw);
      ok = r !== undefined && (e.fixed ?? resolvedMatcher(e, r))(arn);
    }
    if (ok && found < 0) {
      found = i;
      if (!record) return i;
    }
  }
  return found;
}

function resolvedMatcher(e: ResourceEntry, r: PatternText): WildcardMatcher {
  if (!e.resolved || hasLiteralWildcard(r)) return compilePattern(r);
  let m = e.resolved.get(r.text);
  if (!m) {
    m = compilePattern(r);
    if (e.resolved.size >= 256) e.resolved.clear();
    e.resolved.set(r.text, m);
  }
  return m;
}

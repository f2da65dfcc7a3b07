/**
 * Building an expectation: its principals and resources resolved by name (with did-you-mean) or
 * literal ARN, its context, `via` endpoint, flags and action items.
 */
import { diagnostic, type Diagnostic } from '../diagnostics';
import { didYouMean, suggest } from '../../lib/suggest';
import type { ContextValue } from '../engine/types';
import { field, isMapping, oneOrMany, spanOf, textOf, type TreeSource } from '../yaml-tree/nodes';
import { resolveVia } from './endpoints';
import { expectedKeys, type ActionItem, type Endpoint, type Expectation, type Principal, type Resource } from './types';
import { checkResourceArn, contextOf, crossPartition, usableArn } from './values';

/** What an expectation may name: the scenario's principals, resources and endpoints, and its context. */
export interface Declared {
  principals: ReadonlyMap<string, Principal>;
  resources: ReadonlyMap<string, Resource>;
  /** The declared resources by ARN, for literal ARNs in expectations. */
  byArn: ReadonlyMap<string, Resource[]>;
  endpoints: ReadonlyMap<string, Endpoint>;
  context: Record<string, ContextValue>;
}

/** One entry of `expect`: names resolved against what is declared, actions read as items. */
export function buildExpectation(
  node: unknown,
  index: number,
  src: TreeSource,
  declared: Declared,
  diagnostics: Diagnostic[],
): Expectation {
  const span = spanOf(node, src);
  const name = textOf(field(node, 'name', src)?.value, src);
  const principals = oneOrMany(field(node, 'principal', src)?.value, src).flatMap((ref) => {
    const n = textOf(ref, src) ?? '';
    const p = declared.principals.get(n);
    if (p) return [p];
    const names = [...declared.principals.keys()];
    diagnostics.push(
      diagnostic(
        'UNKNOWN_PRINCIPAL',
        `unknown principal \`${n}\``,
        spanOf(ref, src),
        didYouMean(
          suggest(n, names),
          names.length > 0 ? `declared principals: ${names.map((x) => `\`${x}\``).join(', ')}` : 'declare it under `principals`',
        ),
      ),
    );
    return [];
  });
  let incomplete = false;
  const resourceNode = field(node, 'resource', src)?.value;
  const resources = oneOrMany(resourceNode, src).flatMap((ref): (Resource | undefined)[] => {
    const n = textOf(ref, src) ?? '';
    const r = declared.resources.get(n);
    if (r) {
      // A resource whose ARN is unusable was reported where it is declared.
      if (!usableArn(r.request.arn)) incomplete = true;
      return [r];
    }
    if (n === '*') return [undefined];
    // A literal ARN is the resource declared with it: its policy, tags and attributes apply, as
    // AWS reads them from the resource, whatever the scenario calls it.
    const byArn = declared.byArn.get(n) ?? [];
    if (byArn.length === 1) return byArn;
    if (byArn.length > 1) {
      incomplete = true;
      const names = byArn.map((d) => `\`${d.name}\``);
      diagnostics.push(
        diagnostic(
          'AMBIGUOUS_RESOURCE',
          `\`${n}\` is the ARN of resources ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`,
          spanOf(ref, src),
          `name the resource: ${names.join(' or ')}`,
        ),
      );
      return [];
    }
    if (n.startsWith('arn:')) {
      const bad = checkResourceArn(n, spanOf(ref, src));
      if (bad) {
        diagnostics.push(bad);
        incomplete = true;
      }
      return [{ name: n, request: { arn: n }, span: spanOf(ref, src) }];
    }
    const names = [...declared.resources.keys()];
    incomplete = true;
    diagnostics.push(
      diagnostic(
        'UNKNOWN_RESOURCE',
        `unknown resource \`${n}\``,
        spanOf(ref, src),
        didYouMean(suggest(n, names), 'name a resource declared under `resources`, or write an ARN; leave `resource` out for `*`'),
      ),
    );
    return [];
  });
  const across = crossPartition(principals, resources, span);
  if (across) {
    diagnostics.push(across);
    incomplete = true;
  }
  const items_ = expectedKeys.flatMap((expected) =>
    oneOrMany(field(node, expected, src)?.value, src).map((n) => ({ expected, item: actionItem(n, src) })),
  );
  if (!expectedKeys.some((k) => field(node, k, src) !== undefined)) {
    diagnostics.push(
      diagnostic(
        'NO_EXPECTATIONS',
        `expectation ${index + 1} lists no actions`,
        span,
        'add `allow`, `deny`, `implicitDeny` or `explicitDeny` with a list of actions',
      ),
    );
  }
  const expectation: Expectation = {
    index,
    principals,
    resources,
    context: contextOf(field(node, 'context', src)?.value, src, declared.context),
    items: items_,
    skip: flag(node, 'skip', src),
    only: flag(node, 'only', src),
    span,
  };
  if (name !== undefined) expectation.name = name;
  const viaNode = field(node, 'via', src)?.value;
  if (viaNode !== undefined) {
    const via = resolveVia(viaNode, src, declared.endpoints, diagnostics);
    if (via) expectation.via = via;
    else incomplete = true;
  }
  if (incomplete) expectation.incomplete = true;
  return expectation;
}

function flag(node: unknown, key: string, src: TreeSource): boolean {
  return textOf(field(node, key, src)?.value, src) === 'true';
}

function actionItem(node: unknown, src: TreeSource): ActionItem {
  const span = spanOf(node, src);
  if (isMapping(node, src)) {
    const service = field(node, 'service', src);
    const levels = oneOrMany(field(node, 'accessLevel', src)?.value, src).map((l) => ({
      value: textOf(l, src) ?? '',
      span: spanOf(l, src),
    }));
    const item: ActionItem = { kind: 'selector', levels, span };
    const serviceText = textOf(service?.value, src);
    if (serviceText !== undefined) item.service = { value: serviceText, span: spanOf(service?.value, src) };
    return item;
  }
  const t = textOf(node, src) ?? '';
  return t.includes('*') || t.includes('?') ? { kind: 'pattern', text: t, span } : { kind: 'action', text: t, span };
}

/**
 * Test support for the JSON report: what a case's explanation must read as, built the generic way
 * (report version 1's): a deep copy of the engine's explanation with every span given its line
 * and column, without the statement trace (`policies`, also in dependents) unless it is asked for.
 * The reporter writes each field by hand; comparing with this copy shows it leaves nothing out.
 */
import type { Explanation, Span } from '../events';
import type { Locate } from '../locate';

/** The explanation as the JSON report must give it. */
export function expectedExplanation(e: Explanation, locate: Locate, withPolicies: boolean): unknown {
  const copy = JSON.parse(JSON.stringify(e)) as unknown;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (!withPolicies && 'decision' in o && 'layers' in o) delete o.policies;
    for (const [k, child] of Object.entries(o)) {
      if (k === 'span' && child !== null && typeof child === 'object') {
        const at = locate(child as Span);
        if (at) Object.assign(child, { line: at.line, column: at.column });
      } else walk(child);
    }
  };
  walk(copy);
  return copy;
}

/**
 * Test support: an explanation as `evaluate(..., { explain: true, statementTraces: false })` must
 * give it: the whole explanation with `policies` empty, in dependent requests too.
 */
import type { Explanation } from '../types';

/** `e` without its statement traces. */
export function withoutTraces(e: Explanation): Explanation {
  return {
    ...e,
    policies: [],
    ...(e.dependents ? { dependents: e.dependents.map((d) => ({ ...d, explanation: withoutTraces(d.explanation) })) } : {}),
  };
}

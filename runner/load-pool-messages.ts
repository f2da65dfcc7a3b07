/**
 * What crosses the thread boundary between the load pool (runner/load-pool.ts) and its workers
 * (runner/load-worker.ts). Everything is structured-cloned (the HTML standard's algorithm, which
 * `postMessage` uses): plain objects, arrays, Maps, Sets and strings survive, and identity within
 * one message is kept. What a clone changes, and how each is handled:
 *
 * - functions cannot be sent: the policy check is named ({@link policyChecks}), and the worker
 *   loads the catalog itself;
 * - a class instance arrives as a plain object without its methods: `Built` holds none (checked by
 *   runner/load-pool.test.ts on every shipped and broken fixture);
 * - a null-prototype object (a scenario's `context` and `tags` dictionaries, so `constructor` or
 *   `__proto__` is an ordinary key) arrives with `Object.prototype`: the worker lists those objects
 *   in the same message (the list's entries are the same objects in the clone) and the main
 *   thread sets their prototype back to `null`;
 * - identity across files: the Built of two files share no object (a file is built from its own
 *   text), so sending each file in its own message loses nothing.
 */
import type { Catalog } from '../catalog/types';
import type { Diagnostic } from './diagnostics';
import type { Built } from './pipeline';
import { checkPolicyWithCatalog } from './policy/check-catalog';
import type { Policy } from './policy/types';

/** The policy checks a worker can run, by name (a function cannot be sent to a worker). */
export const policyChecks = { catalog: checkPolicyWithCatalog } as const satisfies Record<
  string,
  (policy: Policy, catalog: Catalog) => Diagnostic[]
>;

/** The name of one policy check of {@link policyChecks}. */
export type PolicyCheckName = keyof typeof policyChecks;

/** The name of `check` in {@link policyChecks}, or undefined when it is another function. */
export function policyCheckName(check: (policy: Policy, catalog: Catalog) => Diagnostic[]): PolicyCheckName | undefined {
  return (Object.keys(policyChecks) as PolicyCheckName[]).find((name) => policyChecks[name] === check);
}

/** What every worker gets at start (`workerData`). */
export interface WorkerSetup {
  cwd: string;
  strict: boolean;
  check?: PolicyCheckName;
  /** The catalog's data folder, loaded with `loadCatalog` as the CLI loads it. */
  catalogDir: string;
  /**
   * `JSON.stringify(catalog.sources())` of the main thread's catalog. INVARIANT: the worker's
   * catalog is the same; a worker that loads another refuses to start (its files then load in
   * process, as without a pool).
   */
  catalogSources: string;
}

/** Main → worker: load and build one file. */
export interface BuildRequest {
  index: number;
  file: string;
}

/** Worker → main: a file built, or an exception building it (a bug, rethrown in process). */
export type BuildReply =
  | { kind: 'built'; index: number; built: Built; sources: [string, string][]; nullPrototype: object[] }
  | { kind: 'failed'; index: number; message: string };

/** One file's outcome on the main thread: its Built and the texts read for it, in reading order. */
export interface FileOutcome {
  built: Built;
  sources: [string, string][];
}

/** The reply for a built file: its Built, the texts read, and its null-prototype objects. */
export function builtReply(index: number, outcome: FileOutcome): BuildReply {
  return { kind: 'built', index, built: outcome.built, sources: outcome.sources, nullPrototype: nullPrototypeObjects(outcome.built) };
}

/** A built reply as the main thread uses it: null prototypes set back on the cloned objects. */
export function outcomeOfReply(reply: Extract<BuildReply, { kind: 'built' }>): FileOutcome {
  for (const o of reply.nullPrototype) Object.setPrototypeOf(o, null);
  return { built: reply.built, sources: reply.sources };
}

/** Every object reachable from `root` (through properties, arrays, Map and Set entries) whose prototype is null. */
export function nullPrototypeObjects(root: unknown): object[] {
  const found: object[] = [];
  const seen = new Set<object>();
  const stack: object[] = [];
  const push = (x: unknown): void => {
    if (typeof x === 'object' && x !== null) stack.push(x);
  };
  push(root);
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (seen.has(v)) continue;
    seen.add(v);
    if (v instanceof Map) {
      for (const [k, x] of v) {
        push(k);
        push(x);
      }
    } else if (v instanceof Set) {
      for (const x of v) push(x);
    } else {
      if (Object.getPrototypeOf(v) === null) found.push(v);
      for (const x of Object.values(v)) push(x);
    }
  }
  return found;
}

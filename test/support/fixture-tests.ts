/**
 * The one fixture loader of the table-driven tests: reads a YAML fixture file and defines one
 * mocha test per case. Focus and skip are fields of the case (`only: true`, `skip: reason`), mapped
 * onto mocha's `it.only` / `it.skip`, never onto a `continue` in the harness: a focused fixture then
 * narrows the run the way mocha reports it, and `forbid-only` (.mocharc.json) fails the run in CI
 * instead of letting the other cases vanish while the suite stays green (eemeli/yaml's skip map →
 * `test.skip`).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The focus fields every fixture case may carry. */
export interface FixtureFocus {
  name: string;
  /** Run only the focused cases (mocha's `it.only`); refused in CI by `forbid-only`. */
  only?: boolean;
  /** Skip the case; a string says why. */
  skip?: boolean | string;
}

/** The part of mocha's `it` the loader uses; injectable so the mapping itself is testable. */
export interface TestFunctions {
  (title: string, fn: () => void): unknown;
  only(title: string, fn: () => void): unknown;
  skip(title: string, fn: () => void): unknown;
}

/** Options of {@link defineFixtureTests}. */
export interface FixtureTestOptions<T> {
  /** A reason to skip a case the fixture does not skip (a known-failure table). Default: none. */
  skipReason?: (c: T) => string | undefined;
  /** The test functions. Default: mocha's `it`. */
  test?: TestFunctions;
}

/** Reads a YAML fixture file holding a list of cases, or a mapping with a `cases` list. */
export function readFixtureCases<T>(path: string): T[] {
  const doc = parse(readFileSync(path, 'utf8')) as unknown;
  const cases = Array.isArray(doc) ? doc : (doc as { cases?: unknown } | null)?.cases;
  if (!Array.isArray(cases)) throw new Error(`fixture file ${path} holds no list of cases`);
  return cases as T[];
}

/**
 * Defines one test per case: `only: true` → `it.only`, `skip` (or a `skipReason`) → `it.skip` with
 * the reason in the title, otherwise `it`. A case both focused and skipped is skipped.
 */
export function defineFixtureTests<T extends FixtureFocus>(
  cases: readonly T[],
  body: (c: T) => void,
  options: FixtureTestOptions<T> = {},
): void {
  const test: TestFunctions = options.test ?? it;
  for (const c of cases) {
    const reason = typeof c.skip === 'string' ? c.skip : c.skip === true ? 'skip: true' : options.skipReason?.(c);
    const run = () => body(c);
    if (reason !== undefined) test.skip(`${c.name} (skipped: ${reason})`, run);
    else if (c.only === true) test.only(c.name, run);
    else test(c.name, run);
  }
}

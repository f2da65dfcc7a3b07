/**
 * Test support: hand-built runs in `testdata/runs/*.yaml` (the events, in order, and the source
 * texts their spans point into), and golden-file comparison.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { RunEvent } from '../events';
import { spanLocator, type Locate } from '../locate';

/** A hand-built run: its events and a locator over its sources. */
export interface Run {
  events: RunEvent[];
  locate: Locate;
}

/** Loads `testdata/runs/NAME.yaml`; `time` strings become dates. */
export function loadRun(name: string): Run {
  const doc = parse(readFileSync(join(__dirname, 'runs', `${name}.yaml`), 'utf8')) as {
    sources?: Record<string, string>;
    events: (RunEvent & { time?: string | Date })[];
  };
  for (const event of doc.events) if (typeof event.time === 'string') event.time = new Date(event.time);
  return { events: doc.events as RunEvent[], locate: spanLocator(new Map(Object.entries(doc.sources ?? {}))) };
}

/**
 * The golden text `testdata/NAME`. With `UPDATE_GOLDEN=1` in the environment it is first
 * rewritten from `actual` (review the diff before committing).
 */
export function golden(name: string, actual: string): string {
  const path = join(__dirname, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  return readFileSync(path, 'utf8');
}

/** Joins a reporter's chunks. */
export function collect(chunks: Iterable<string>): string {
  return [...chunks].join('');
}

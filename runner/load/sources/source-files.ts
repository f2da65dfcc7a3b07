/**
 * Reading the files policy sources name (Terraform plans, CloudFormation templates): resolved
 * relative to the scenario, kept inside the project like policy files, bounded in size.
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { diagnostic, type Diagnostic, type Span } from '../../diagnostics';
import { confine, displayPath, projectRoot, type PolicyFile, type ScenarioLocation } from '../policy-file';
import { readSource } from '../read';
import type { Sourced } from './types';

/**
 * The largest plan, state or template read, in bytes: plans of large estates reach tens of
 * megabytes, far past a scenario's limit. Documented in docs/scenarios.md.
 */
export const MAX_PLAN_BYTES = 64 * 1024 * 1024;

/** What the sources of one scenario gave. */
export interface LoadedSources {
  /** Policy documents by their name under `policies`. */
  policyFiles: Map<string, PolicyFile>;
  sourced: Sourced;
  diagnostics: Diagnostic[];
  /** Texts of the files read, by display path (for printing positions). */
  texts: Map<string, string>;
}

/** The keys of one scenario entry, each with its text, span and node. */
export type Fields = Map<string, { value: string; span: Span; node: unknown }>;

/** A source file named at `span`, kept inside the project: its real path, display path and change stamp. */
export interface FoundSource {
  real: string;
  file: string;
  /** Size, modification time and display path: a cached parse is reused while it is unchanged. */
  stamp: string;
}

/** Resolves and confines a source file (`what`: `plan`, `template`) named at `span`; problems are reported. */
export function confinedSource(
  what: string,
  value: string,
  span: Span,
  location: ScenarioLocation,
  out: LoadedSources,
  howToWrite: string,
): FoundSource | undefined {
  const root = projectRoot(location);
  const absolute = resolve(dirname(location.absolute), value);
  const confined = confine(absolute, root);
  if (confined.kind === 'outside') {
    out.diagnostics.push(
      diagnostic(
        'POLICY_FILE_ESCAPES',
        `${what} \`${value}\` is outside the project \`${displayPath(root, location.cwd)}\``,
        span,
        `keep ${what}s inside the project`,
      ),
    );
    return undefined;
  }
  if (confined.kind === 'missing') {
    out.diagnostics.push(
      diagnostic(
        'READ_ERROR',
        `${what} \`${value}\` does not exist`,
        span,
        `the path is relative to the scenario file: \`${displayPath(absolute, location.cwd)}\`; ${howToWrite}`,
      ),
    );
    return undefined;
  }
  const file = displayPath(absolute, location.cwd);
  let stamp = '';
  try {
    const stat = statSync(confined.real);
    stamp = `${stat.size}:${stat.mtimeMs}:${file}`;
  } catch {
    // INVARIANT: confine found the file; a race that removes it is reported by the read that follows.
  }
  return { real: confined.real, file, stamp };
}

/** Reads a confined source file's text (up to {@link MAX_PLAN_BYTES}), recording it for positions. */
export function readConfined(what: string, value: string, span: Span, found: FoundSource, out: LoadedSources): string | undefined {
  const read = readSource(found.real, found.file, { maxBytes: MAX_PLAN_BYTES });
  if (read.value === undefined) {
    out.diagnostics.push(...read.diagnostics.map((d) => ({ ...d, message: `${what} \`${value}\`: ${d.message}`, span })));
    return undefined;
  }
  out.texts.set(found.file, read.value);
  return read.value;
}

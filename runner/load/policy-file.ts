/**
 * Policy files named by a scenario (`policies: { app-read: { file: ../../policies/app-read.json } }`):
 * resolved relative to the scenario file, kept inside the project, read, parsed with positions
 * (`*.json` as strict JSON, any other name as YAML; both give the same positioned tree), bounded
 * like scenarios, and given the scenario's `vars`.
 *
 * The project root: the working directory when the scenario lies inside it (the usual case: the
 * repository where `iamspec` runs); otherwise the nearest folder above the scenario that holds a
 * `package.json` or `.git` (a project named from outside it); otherwise the scenario's own folder.
 * A policy path whose
 * location, after following `..` and symlinks, is outside the root is POLICY_FILE_ESCAPES, so a
 * scenario under review cannot make the runner read `/etc/passwd` or `~/.aws/credentials`.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { diagnostic, type Diagnostic, type Span } from '../diagnostics';
import { parseJson } from './json';
import { readSource } from './read';
import { substituteVars } from './vars';
import { parseYaml, toPlain, type ParsedYaml } from './yaml';

/** Where a scenario lives, for resolving and confining its policy files. */
export interface ScenarioLocation {
  /** Absolute path of the scenario file. */
  absolute: string;
  /** The working directory display paths are relative to. */
  cwd: string;
}

/** A loaded policy file: its text (for positions) and tree (for the policy parser). */
export interface PolicyFile {
  /** Display path (relative to the working directory when inside it). */
  file: string;
  parsed: ParsedYaml;
  /**
   * For an AWS Organizations policy taken from a source: whether it is an SCP or an RCP (its
   * `Type`), so that one listed at the other level is an error. Absent for every other policy.
   */
  control?: { kind: 'scp' | 'rcp'; what: string };
}

/** Files whose folder is taken as a project root. */
export const projectMarkers: readonly string[] = ['package.json', '.git'];

/** The project root for a scenario (see the module comment). */
export function projectRoot(location: ScenarioLocation): string {
  if (isInside(location.absolute, location.cwd)) return location.cwd;
  for (let dir = dirname(location.absolute); ; dir = dirname(dir)) {
    if (projectMarkers.some((m) => existsSync(join(dir, m)))) return dir;
    if (dirname(dir) === dir) return dirname(location.absolute);
  }
}

/** True when `path` is `root` or lies under it (both absolute). */
export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Where `absolute` really is, after following `..` and symlinks, compared with the real path of
 * `root`: `inside` with the real path to read, `outside`, or `missing` (it does not exist, or a
 * link on the way dangles). Decided before any byte is read, so a link out of the project never
 * shows its target's text.
 */
export function confine(absolute: string, root: string): { kind: 'inside'; real: string } | { kind: 'outside' } | { kind: 'missing' } {
  if (!isInside(absolute, root)) return { kind: 'outside' };
  let real: string;
  try {
    real = realpathSync(absolute);
  } catch {
    return { kind: 'missing' };
  }
  let realRoot = root;
  try {
    realRoot = realpathSync(root);
  } catch {
    // INVARIANT: the root holds the file being checked; keep the lexical path otherwise.
  }
  return isInside(real, realRoot) ? { kind: 'inside', real } : { kind: 'outside' };
}

/** A path for messages: relative to the working directory when inside it, else absolute. */
export function displayPath(absolute: string, cwd: string): string {
  return isInside(absolute, cwd) ? relative(cwd, absolute) || '.' : absolute;
}

/**
 * Reads the text of a policy file (display path `file`; `path` names it, for its extension) as
 * every command does (`iamspec test` through {@link loadPolicyFile}, `iamspec check` and
 * `iamspec diff` through runner/load/policy-ref.ts): a name ending in `.json` as strict JSON
 * (runner/load/json.ts: no comments, single quotes, unquoted keys or trailing commas), any other
 * as YAML; then bounded (nesting, aliases, size) and checked for keys given twice (`toPlain`).
 * `value` is the positioned tree whenever one was built, even beside diagnostics (a duplicate key
 * leaves one), so a caller can still tell what the file holds; `diagnostics` non-empty means the
 * file is not to be used.
 */
export function parsePolicyFileText(text: string, file: string, path: string): { value?: ParsedYaml; diagnostics: Diagnostic[] } {
  const parsed = /\.json$/i.test(path) ? parseJson(text, file) : parseYaml(text, file);
  if (!parsed.value) return { diagnostics: parsed.diagnostics };
  if (parsed.diagnostics.length > 0 || parsed.value.root === undefined || parsed.value.root === null) {
    return { value: parsed.value, diagnostics: parsed.diagnostics };
  }
  return { value: parsed.value, diagnostics: toPlain(parsed.value).diagnostics };
}

/**
 * Loads the policy file `value` (as written in the scenario, whose span is `valueSpan`), with
 * template `vars` applied. Problems with the path are reported at `valueSpan`; problems inside the
 * file at their own positions. `text` and `file` are the policy file's text and display path
 * whenever it was read, even when it could not be used.
 */
export function loadPolicyFile(
  value: string,
  valueSpan: Span,
  location: ScenarioLocation,
  vars: ReadonlyMap<string, string>,
): { value?: PolicyFile; diagnostics: Diagnostic[]; text?: string; file?: string } {
  const root = projectRoot(location);
  const absolute = resolve(dirname(location.absolute), value);
  const escapes = (): { diagnostics: Diagnostic[] } => ({
    diagnostics: [
      diagnostic(
        'POLICY_FILE_ESCAPES',
        `policy file \`${value}\` is outside the project \`${displayPath(root, location.cwd)}\``,
        valueSpan,
        'keep policy files inside the project, such as in `policies/`',
      ),
    ],
  });
  const confined = confine(absolute, root);
  if (confined.kind === 'outside') return escapes();
  if (confined.kind === 'missing') {
    return {
      diagnostics: [
        diagnostic(
          'READ_ERROR',
          `policy file \`${value}\` does not exist`,
          valueSpan,
          `the path is relative to the scenario file: \`${displayPath(absolute, location.cwd)}\``,
        ),
      ],
    };
  }
  const real = confined.real;
  const file = displayPath(absolute, location.cwd);
  const read = readSource(real, file);
  if (read.value === undefined) {
    return { diagnostics: read.diagnostics.map((d) => ({ ...d, message: `policy file \`${value}\`: ${d.message}`, span: valueSpan })) };
  }
  const text = read.value;
  const parsed = parsePolicyFileText(text, file, absolute);
  if (parsed.diagnostics.length > 0 || !parsed.value) return { diagnostics: parsed.diagnostics, text, file };
  if (parsed.value.root === undefined || parsed.value.root === null) {
    return {
      diagnostics: [diagnostic('EMPTY_FILE', `policy file \`${value}\` is empty`, valueSpan, 'write an IAM policy document in it')],
      text,
      file,
    };
  }
  const diagnostics = substituteVars(parsed.value, vars);
  return { value: { file, parsed: parsed.value }, diagnostics, text, file };
}

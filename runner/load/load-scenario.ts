/**
 * Loading one scenario file: read → YAML parse → limits → schema → template vars → policy files.
 * Every problem found is returned, not only the first; a stage that leaves nothing safe to look at
 * (unreadable file, syntax error, a limit hit) stops the file there.
 */
import { resolve } from 'node:path';
import { isMap } from 'yaml';
import { diagnostic, type Diagnostic, type Span } from '../diagnostics';
import { confine, displayPath, loadPolicyFile, projectRoot, type PolicyFile, type ScenarioLocation } from './policy-file';
import { readSource } from './read';
import { checkSchema } from './schema';
import { caseDuplicates } from './duplicate-keys';
import { loadSources } from './sources/load-sources';
import type { Sourced } from './sources/types';
import { expandVarValues, substituteVars } from './vars';
import { keyText, nodeAtPath, nodeSpan } from '../yaml-tree/nodes';
import { parseYaml, toPlain, type ParsedYaml, type Plain } from './yaml';

/** A scenario file after loading: its tree (vars applied), plain value, and policy files. */
export interface LoadedScenario {
  /** Display path of the scenario file. */
  file: string;
  parsed: ParsedYaml;
  /** The schema-checked plain value (before vars substitution). */
  value: { [key: string]: Plain };
  vars: ReadonlyMap<string, string>;
  /** Policy files by the policy name that refers to them (policies taken from plans included). */
  policyFiles: ReadonlyMap<string, PolicyFile>;
  /** Principals and resources taken from Terraform plans (`terraform:` + `address:`). */
  sourced?: Sourced;
}

/**
 * The outcome of loading one file: the scenario when it can be looked at further (it may still
 * have errors: check `diagnostics`; later stages should drop their diagnostics that overlap these,
 * see {@link withoutFollowOns}), the problems, and source texts.
 */
export interface LoadResult {
  value?: LoadedScenario;
  diagnostics: Diagnostic[];
  /** Texts of every file read (the scenario and its policy files), by display path. */
  sources: Map<string, string>;
}

/** Options for {@link loadScenario}. */
export interface LoadOptions {
  /** Working directory for display paths and the project root. Default: `process.cwd()`. */
  cwd?: string;
}

/** Loads the scenario at `path` (displayed as `file`). */
export function loadScenario(path: string, file: string, options: LoadOptions = {}): LoadResult {
  const cwd = options.cwd ?? process.cwd();
  const sources = new Map<string, string>();
  const location: ScenarioLocation = { absolute: resolve(cwd, path), cwd };
  // A scenario is confined like its policy files, before it is read: a link such as
  // `cases/x.yaml -> ~/.aws/credentials` must not print the target's first line under a caret.
  const root = projectRoot(location);
  const confined = confine(location.absolute, root);
  if (confined.kind === 'outside') {
    const d = diagnostic(
      'READ_ERROR',
      `\`${file}\` leads to a file outside the project \`${displayPath(root, cwd)}\``,
      undefined,
      'keep scenario files inside the project; a symbolic link must not point out of it',
    );
    d.file = file;
    return { diagnostics: [d], sources };
  }
  const read = readSource(confined.kind === 'inside' ? confined.real : location.absolute, file);
  if (read.value === undefined) return { diagnostics: read.diagnostics, sources };
  const text = read.value;
  sources.set(file, text);
  const parsed = parseYaml(text, file);
  if (!parsed.value || parsed.diagnostics.length > 0) return { diagnostics: parsed.diagnostics, sources };
  const tree = parsed.value;
  if (tree.root === undefined || tree.root === null) {
    return {
      diagnostics: [
        diagnostic(
          'EMPTY_FILE',
          `\`${file}\` holds no scenario`,
          { file, start: 0, end: 0 },
          'a scenario is a mapping with at least `expect`; see docs/scenarios.md',
        ),
      ],
      sources,
    };
  }
  const plain = toPlain(tree);
  if (plain.value === undefined) return { diagnostics: plain.diagnostics, sources };
  if (!isMap(tree.root)) {
    return {
      diagnostics: [
        diagnostic(
          'SCHEMA',
          'a scenario is a mapping of keys such as `principals` and `expect`',
          nodeSpan(tree.root, file),
          'see docs/scenarios.md for the format',
        ),
      ],
      sources,
    };
  }
  const value = plain.value as { [key: string]: Plain };
  const schema = checkSchema(tree, value);
  const diagnostics = schema.diagnostics;
  const expanded = expandVarValues(tree, varsOf(tree, value));
  const vars = expanded.vars;
  diagnostics.push(...expanded.diagnostics);
  diagnostics.push(...substituteVars(tree, vars, 'vars'));
  diagnostics.push(...caseDuplicates(tree));
  const policyFiles = new Map<string, PolicyFile>();
  // The builder reads the tree defensively (a value of the wrong shape is skipped, the schema has
  // reported it), so the file is built and planned to find its other problems too.
  // A file broken in bulk (hundreds of schema errors) is not worth reading further.
  const recoverable = schema.complete && diagnostics.length < 200;
  if (recoverable) {
    for (const { name, value: fileValue, span } of policyFileRefs(tree)) {
      const loaded = loadPolicyFile(fileValue, span, location, vars);
      // The text goes under the policy file's own name only: a diagnostic about it may be
      // positioned in the scenario (an empty file is reported at its `file:` value).
      if (loaded.text !== undefined && loaded.file !== undefined) sources.set(loaded.file, loaded.text);
      diagnostics.push(...loaded.diagnostics);
      if (loaded.value) policyFiles.set(name, loaded.value);
    }
  }
  const fromSources = recoverable ? loadSources(tree, location) : undefined;
  if (fromSources) {
    diagnostics.push(...fromSources.diagnostics);
    for (const [name, text] of fromSources.texts) sources.set(name, text);
    for (const [name, policy] of fromSources.policyFiles) policyFiles.set(name, policy);
  }
  const result: LoadResult = { diagnostics, sources };
  if (recoverable) result.value = { file, parsed: tree, value, vars, policyFiles };
  if (result.value && fromSources) result.value.sourced = fromSources.sourced;
  return result;
}

/**
 * The declared template variables. A value that is not a string (`account: 012345678901`, read as
 * a number) is an error the schema reports; it is still declared, with its text as written, so
 * its uses are not also reported as undeclared.
 */
function varsOf(tree: ParsedYaml, value: { [key: string]: Plain }): Map<string, string> {
  const vars = new Map<string, string>();
  const declared = value.vars;
  if (declared && typeof declared === 'object' && !Array.isArray(declared)) {
    for (const [k, v] of Object.entries(declared)) vars.set(k, typeof v === 'string' ? v : sourceText(tree, ['vars', k]));
  }
  return vars;
}

/** The text of the value at `path` as written in the file (empty for a missing value). */
function sourceText(tree: ParsedYaml, path: readonly string[]): string {
  const range = (nodeAtPath(tree, path).node as { range?: [number, number, number] } | null | undefined)?.range;
  return range ? tree.text.slice(range[0], range[1]) : '';
}

/** Every `policies: { NAME: { file: PATH } }` entry, with the span of PATH (after vars). */
function policyFileRefs(tree: ParsedYaml): { name: string; value: string; span: Span }[] {
  const { node } = nodeAtPath(tree, ['policies']);
  if (!isMap(node)) return [];
  const out: { name: string; value: string; span: Span }[] = [];
  for (const pair of node.items) {
    const name = keyText(pair.key, tree.document);
    if (name === undefined || !isMap(pair.value)) continue;
    const filePair = pair.value.items.find((p) => keyText(p.key, tree.document) === 'file');
    if (!filePair) continue;
    const { node: fileNode, span } = nodeAtPath(tree, ['policies', name, 'file']);
    const text = (fileNode as { value?: unknown } | null)?.value;
    if (typeof text === 'string') out.push({ name, value: text, span });
  }
  return out;
}

/**
 * `later` without the diagnostics whose span overlaps an error in `earlier`: a value the schema
 * rejected is not reported again by the stages that read it after. Linear-logarithmic: a file
 * with thousands of problems must not cost their square.
 */
export function withoutFollowOns(earlier: readonly Diagnostic[], later: readonly Diagnostic[]): Diagnostic[] {
  const byFile = new Map<string, { starts: number[]; maxEnds: number[] }>();
  const spans = earlier.filter((d) => d.severity === 'error' && d.span).map((d) => d.span as Span);
  spans.sort((a, b) => a.start - b.start);
  for (const s of spans) {
    let index = byFile.get(s.file);
    if (!index) byFile.set(s.file, (index = { starts: [], maxEnds: [] }));
    const previous = index.maxEnds.length > 0 ? index.maxEnds[index.maxEnds.length - 1] : -1;
    index.starts.push(s.start);
    index.maxEnds.push(Math.max(previous, endOf(s)));
  }
  return later.filter((d) => {
    const index = d.span ? byFile.get(d.span.file) : undefined;
    if (!d.span || !index) return true;
    // The last earlier span starting before this one ends; any span up to it that ends after this
    // one starts overlaps it.
    const end = endOf(d.span);
    let lo = 0;
    let hi = index.starts.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (index.starts[mid] < end) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return last < 0 || index.maxEnds[last] <= d.span.start;
  });
}

/** A span's end, with an empty span counted as one character (it marks a position). */
function endOf(span: Span): number {
  return Math.max(span.end, span.start + 1);
}

/** The scenario file's problems first, then each policy file's, each in text order. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[], scenarioFile: string): Diagnostic[] {
  const fileOf = (d: Diagnostic): string => d.span?.file ?? d.file ?? '';
  const rank = (d: Diagnostic): string => (fileOf(d) === scenarioFile ? '' : fileOf(d));
  return [...diagnostics].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    if (ra !== rb) return ra < rb ? -1 : 1;
    return (a.span?.start ?? -1) - (b.span?.start ?? -1);
  });
}

/**
 * The `iamspec test` pipeline for one file, in process: load → build → catalog checks → plan →
 * run, as runner/test-command.ts chains them, keeping every diagnostic as a value so tests can
 * check each one has a position. Used by the prototype-pollution and fuzz tests.
 */
import { expect } from 'chai';
import { loadCatalog } from '../../catalog/catalog';
import type { Catalog } from '../../catalog/types';
import type { RunEvent } from '../../reports/events';
import { spanLocator } from '../../reports/locate';
import { diagnosticCodes, formatDiagnostic, hasErrors, positionDiagnostic, type Diagnostic } from '../../runner/diagnostics';
import { evaluate } from '../../runner/engine/evaluate';
import { loadScenario } from '../../runner/load/load-scenario';
import { buildScenario } from '../../runner/model/build';
import { planScenario } from '../../runner/plan';
import { checkPolicyWithCatalog } from '../../runner/policy/check-catalog';
import { runSuites } from '../../runner/run';

let catalog: Catalog | undefined;

/** The catalog, loaded once per process. */
export function sharedCatalog(): Catalog {
  return (catalog ??= loadCatalog());
}

/** What one file came to: every diagnostic, the texts read, and the run's events when it ran. */
export interface PipelineResult {
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
  /** Present when the file had no error and its cases ran. */
  events?: RunEvent[];
}

/** Options for {@link runPipeline}. */
export interface PipelineOptions {
  /** Most cases planned; a smaller budget keeps fuzz runs fast. Default: the runner's limit. */
  budget?: number;
  /** Build every explanation (as `--json` does). Default: `false`. */
  explainAll?: boolean;
}

/** Runs `file` (relative to `cwd`) through the pipeline; exceptions propagate (they are bugs). */
export function runPipeline(file: string, cwd: string, options: PipelineOptions = {}): PipelineResult {
  const cat = sharedCatalog();
  const loaded = loadScenario(file, file, { cwd });
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const sources = loaded.sources;
  if (!loaded.value) return { diagnostics, sources };
  const built = buildScenario(loaded.value);
  diagnostics.push(...built.diagnostics);
  for (const policy of built.policies) diagnostics.push(...checkPolicyWithCatalog(policy, cat));
  const planned = planScenario(built.value, cat, options.budget !== undefined ? { budget: options.budget } : {});
  diagnostics.push(...planned.diagnostics);
  if (hasErrors(diagnostics) || !planned.value) return { diagnostics, sources };
  const locate = spanLocator(sources);
  const suite = { name: built.value.name, file };
  const warnings = diagnostics.map((d) => positionDiagnostic(d, sources));
  const events = [
    ...runSuites([{ kind: 'cases', suite, cases: planned.value, warnings }], {
      evaluate,
      locate,
      explainAll: options.explainAll ?? false,
    }),
  ];
  return { diagnostics, sources, events };
}

/**
 * Every diagnostic is well formed: a known code, a one-line message, a span inside a file that
 * was read (or, for a file that could not be read, its path), and it formats without throwing.
 */
export function expectWellFormed(result: PipelineResult, context = ''): void {
  for (const d of result.diagnostics) {
    const what = `${context}${d.code}: ${d.message}`;
    expect(Object.keys(diagnosticCodes), what).to.include(d.code);
    expect(d.message, what).to.be.a('string').and.not.equal('');
    expect(d.message, what).to.not.contain('\n');
    expect(['error', 'warning'], what).to.include(d.severity);
    if (d.span) {
      const text = result.sources.get(d.span.file);
      expect(text, `${what}: the span's file \`${d.span.file}\` was read`).to.be.a('string');
      expect(d.span.start, `${what}: span start`).to.be.within(0, text!.length);
      expect(d.span.end, `${what}: span end`).to.be.within(d.span.start, text!.length);
    } else {
      expect(d.file, `${what}: a diagnostic without a span names its file`).to.be.a('string').and.not.equal('');
    }
    expect(formatDiagnostic(positionDiagnostic(d, result.sources)), what).to.be.a('string');
  }
}

/** Own property names of the built-in prototypes, to detect pollution. */
export function prototypeSnapshot(): string[] {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype].flatMap((p, i) =>
    Object.getOwnPropertyNames(p).map((n) => `${i}:${n}`),
  );
}

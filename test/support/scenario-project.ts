/**
 * The setup the loader tests share (runner/load/load-scenario.test.ts and the Terraform,
 * CloudFormation and CDK tests in runner/load/sources/): a temporary folder holding one project per
 * case, a scenario and the files it reads (plans, templates, policies), loaded, built and planned
 * as the CLI does, and the diagnostics compared with a fixture's `want` rows.
 */
import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadCatalog } from '../../catalog/catalog';
import { positionDiagnostic, type Diagnostic, type PositionedDiagnostic } from '../../runner/diagnostics';
import { evaluate } from '../../runner/engine';
import { loadScenario, sortDiagnostics, withoutFollowOns } from '../../runner/load/load-scenario';
import { buildScenario } from '../../runner/model/build';
import type { Scenario } from '../../runner/model/types';
import { planScenario } from '../../runner/plan';
import { checkPolicyWithCatalog } from '../../runner/policy/check-catalog';

const catalog = loadCatalog();

/** A temporary folder for one `describe`: made before its tests, removed after them. */
export interface TempFolder {
  /** The folder's path; read it inside a test or hook (it exists only while the suite runs). */
  readonly root: string;
}

/** Registers the mocha hooks of a {@link TempFolder} named `iamspec-PREFIX-…` in the current `describe`. */
export function useTempFolder(prefix: string): TempFolder {
  let root: string | undefined;
  before(() => {
    root = mkdtempSync(join(tmpdir(), `iamspec-${prefix}-`));
  });
  after(() => {
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
  });
  return {
    get root(): string {
      if (root === undefined) throw new Error('the temporary folder is read outside its suite');
      return root;
    },
  };
}

/** A project's files by path relative to it: text or bytes to write, or a file to copy. */
export type ProjectFiles = Readonly<Record<string, string | Buffer | { copy: string }>>;

/** Writes `files` into folder `dir` (made with its parents as needed); returns `dir`. */
export function writeProject(dir: string, files: ProjectFiles): string {
  mkdirSync(dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    if (typeof content === 'object' && !Buffer.isBuffer(content)) copyFileSync(content.copy, target);
    else writeFileSync(target, content);
  }
  return dir;
}

/** A scenario loaded, built and planned as the CLI does. */
export interface LoadedProject {
  /** Every diagnostic, without follow-ons, in the CLI's order, positioned. */
  diagnostics: PositionedDiagnostic[];
  /** The scenario built, when it loaded. */
  scenario?: Scenario;
}

/** Loads, builds and plans `file` in `dir` (the working directory), as the CLI does. */
export function loadProject(dir: string, file = 'scenario.yaml'): LoadedProject {
  const loaded = loadScenario(file, file, { cwd: dir });
  let all: Diagnostic[] = [...loaded.diagnostics];
  const built = loaded.value ? buildScenario(loaded.value) : undefined;
  if (built) {
    all = [...all, ...withoutFollowOns(all, built.diagnostics)];
    all = [...all, ...withoutFollowOns(all, planScenario(built.value, catalog).diagnostics)];
  }
  const diagnostics = sortDiagnostics(all, file).map((d) => positionDiagnostic(d, loaded.sources));
  return built ? { diagnostics, scenario: built.value } : { diagnostics };
}

/** The diagnostics of {@link loadProject}. */
export function checkScenario(dir: string, file = 'scenario.yaml'): PositionedDiagnostic[] {
  return loadProject(dir, file).diagnostics;
}

/** One expected diagnostic of a fixture: its code, and what else the row states. */
export interface WantDiagnostic {
  code: string;
  /** Default: not checked. */
  severity?: string;
  /** `LINE:COL`. Default: not checked. */
  at?: string;
  /** Default: `scenario.yaml`. */
  file?: string;
  /** Default: not checked. */
  message?: string;
  /** Default: not checked (but every diagnostic must have one). */
  help?: string;
}

/** Asserts `got` is `want`, in order: the codes, then each row's file, position, severity, message and help. */
export function expectDiagnostics(got: readonly PositionedDiagnostic[], want: readonly WantDiagnostic[]): void {
  expect(
    got.map((d) => d.code),
    JSON.stringify(got, null, 1),
  ).to.deep.equal(want.map((w) => w.code));
  want.forEach((w, k) => {
    const d = got[k];
    expect(d.file).to.equal(w.file ?? 'scenario.yaml');
    if (w.at !== undefined) expect(`${d.line}:${d.column}`).to.equal(w.at);
    if (w.severity !== undefined) expect(d.severity).to.equal(w.severity);
    if (w.message !== undefined) expect(d.message).to.equal(w.message);
    if (w.help !== undefined) expect(d.help).to.equal(w.help);
    expect(d.help, 'every diagnostic has a help').to.be.a('string');
  });
}

/** What a scenario comes to: its diagnostics and the decision of every case. */
export interface Outcome {
  /** `severity CODE message`, sorted. */
  diagnostics: string[];
  /** `case name: decision`, in the plan's order. */
  decisions: string[];
}

/**
 * The diagnostics (severity, code, message, with the catalog's warnings on each policy) and the
 * decision of every case of `scenario.yaml` in `dir`: two scenarios that should mean the same (a
 * policy written inline, and taken from a plan or template) are compared by their outcomes.
 */
export function outcome(dir: string): Outcome {
  const loaded = loadScenario('scenario.yaml', 'scenario.yaml', { cwd: dir });
  expect(loaded.value, JSON.stringify(loaded.diagnostics)).to.not.equal(undefined);
  const built = buildScenario(loaded.value!);
  const diagnostics = [
    ...loaded.diagnostics,
    ...built.diagnostics,
    ...built.policies.flatMap((p) => checkPolicyWithCatalog(p, catalog)),
  ].map((d) => `${d.severity} ${d.code} ${d.message}`);
  const planned = planScenario(built.value, catalog);
  const decisions = (planned.value ?? []).map((c) => `${c.name}: ${evaluate(c.request, c.policies).decision}`);
  return { diagnostics: diagnostics.sort(), decisions };
}

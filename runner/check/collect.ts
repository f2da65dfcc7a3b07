/**
 * What `iamspec check` looks at: every policy the scenario files under its paths load, and the
 * policy files and Terraform plans named directly (`runner/load/policy-ref.ts`). Policy
 * diagnostics become findings (`diagnosticFindings`); any other error is input the command
 * cannot use.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Catalog } from '../../catalog/types';
import { type Diagnostic } from '../diagnostics';
import { discoverScenarios } from '../load/discover';
import { loadScenario } from '../load/load-scenario';
import { loadPolicyRef } from '../load/policy-ref';
import { buildScenario } from '../model/build';
import type { RequestResource } from '../engine/types';
import type { Scenario } from '../model/types';
import { parsePolicy } from '../policy/parse';
import type { Policy } from '../policy/types';
import { diagnosticFindings, type Finding } from './findings';

/** Everything collected from the paths. */
export interface Collected {
  /** The policies that parsed, with no AWS managed policy (they are AWS's to fix). */
  policies: Policy[];
  /** The scenarios built, for the checks that need declared resources and principals. */
  scenarios: Scenario[];
  /** Findings from the policy diagnostics. */
  findings: Finding[];
  /** The resource each resource-based policy is attached to in a scenario, by {@link policyKey}. */
  declared: Map<string, RequestResource>;
  /** Errors that make the input unusable (exit 2). */
  unusable: Diagnostic[];
  /** File texts by display path, for positions. */
  sources: Map<string, string>;
}

/** Options of {@link collect}. */
export interface CollectOptions {
  paths: readonly string[];
  cwd: string;
  catalog: Catalog;
  /** The catalog checks of a parsed policy (warnings). */
  checkPolicy: (policy: Policy, catalog: Catalog) => Diagnostic[];
}

/** True for a file named by path that is one of AWS's managed policies (their spans name the ARN). */
function isAwsManaged(file: string): boolean {
  return file.startsWith('arn:');
}

/** Loads every path; see the module comment. */
export function collect(options: CollectOptions): Collected {
  const out: Collected = { policies: [], scenarios: [], declared: new Map(), findings: [], unusable: [], sources: new Map() };
  const diagnostics: Diagnostic[] = [];
  const scenarioPaths: string[] = [];
  for (const path of options.paths) {
    if (isFile(resolve(options.cwd, path))) {
      const ref = loadPolicyRef(resolve(options.cwd, path), path);
      if (ref.kind === 'other') {
        if (ref.diagnostics.length > 0) out.unusable.push(...ref.diagnostics);
        else scenarioPaths.push(path);
        continue;
      }
      for (const [k, v] of ref.texts) out.sources.set(k, v);
      diagnostics.push(...ref.diagnostics);
      for (const p of ref.policies) {
        const parsed = parsePolicy(p.file.parsed.root, {
          file: p.file.file,
          name: p.label,
          kind: p.kind,
          document: p.file.parsed.document,
          ...(p.resourceType ? { resourceType: p.resourceType } : {}),
        });
        diagnostics.push(...parsed.diagnostics);
        if (parsed.value) out.policies.push(parsed.value);
      }
    } else scenarioPaths.push(path);
  }
  if (scenarioPaths.length > 0) {
    const discovered = discoverScenarios(scenarioPaths, options.cwd);
    diagnostics.push(...discovered.diagnostics);
    for (const file of discovered.value ?? []) {
      const loaded = loadScenario(file, file, { cwd: options.cwd });
      for (const [k, v] of loaded.sources) out.sources.set(k, v);
      diagnostics.push(...loaded.diagnostics);
      if (!loaded.value) continue;
      const built = buildScenario(loaded.value);
      diagnostics.push(...built.diagnostics);
      out.scenarios.push(built.value);
      for (const r of built.value.resources.values()) if (r.policy) out.declared.set(policyKey(r.policy), r.request);
      out.policies.push(...built.policies.filter((p) => !isAwsManaged(p.span.file)));
    }
  }
  const policies = uniquePolicies(out.policies);
  out.policies = policies;
  for (const p of policies) diagnostics.push(...options.checkPolicy(p, options.catalog));
  sortOut(diagnostics, out);
  return out;
}

/** A policy's identity: its kind and where it is written. */
export function policyKey(p: Policy): string {
  return `${p.kind}\u0000${p.span.file}\u0000${p.span.start}`;
}

/** A policy attached twice (a named policy used as two kinds) is checked once per kind. */
function uniquePolicies(policies: Policy[]): Policy[] {
  const seen = new Set<string>();
  return policies.filter((p) => {
    const key = policyKey(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The finding a policy diagnostic is (see `diagnosticFindings`), or undefined for any other diagnostic. */
export function diagnosticFinding(d: Diagnostic): Finding | undefined {
  const severity = diagnosticFindings[d.code];
  if (severity === undefined) return undefined;
  const where = /^policy `([^`]*)`: (?:statement (\d+): )?/.exec(d.message);
  const finding: Finding = { code: d.code, severity, message: d.message };
  if (d.span) finding.span = d.span;
  else finding.file = d.file ?? '';
  if (where) finding.policy = where[1];
  if (where?.[2] !== undefined) finding.statement = { index: Number(where[2]) - 1 };
  if (d.help !== undefined) finding.help = d.help;
  return finding;
}

/** Findings from policy diagnostics; other errors are unusable input; the rest (notes about test cases) are not `check`'s. */
function sortOut(diagnostics: Diagnostic[], out: Collected): void {
  const seen = new Set<string>();
  for (const d of diagnostics) {
    const file = d.span?.file ?? d.file ?? '';
    if (isAwsManaged(file)) continue;
    const key = `${d.code}\u0000${file}\u0000${d.span?.start}\u0000${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const finding = diagnosticFinding(d);
    if (finding) out.findings.push(finding);
    else if (d.severity === 'error') out.unusable.push(d);
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

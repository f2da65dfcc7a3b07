/**
 * The loader's hook for policy sources: every `policies`, `principals` and `resources` entry that
 * names a Terraform plan (`terraform:` + `address:`) is looked up in its file, read once per
 * scenario however many entries name it. Plans are read with positions kept (see json-locate.ts):
 * problems are reported where the scenario names the address, or inside the plan where the policy
 * is written.
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isMap, isScalar } from 'yaml';
import { diagnostic, type Diagnostic, type Span } from '../../diagnostics';
import { confine, displayPath, projectRoot, type PolicyFile, type ScenarioLocation } from '../policy-file';
import { readSource } from '../read';
import { keyText, nodeSpan, type ParsedYaml } from '../yaml';
import { readTerraformPlan, type TerraformPlan } from './terraform-plan';
import { findResource, policyOf, type Reference } from './terraform-policies';
import { terraformPrincipal, terraformResource } from './terraform-principals';
import type { Sourced, SourcedPrincipal, SourcedResource } from './types';

/**
 * The largest plan or state read, in bytes: plans of large estates reach tens of megabytes, far
 * past a scenario's limit. Documented in docs/scenarios.md.
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

/** The keys of one scenario entry, each with its text and span. */
type Fields = Map<string, { value: string; span: Span }>;

/** Parsed plans, by real path, size and modification time: a plan shared by many suites is read once per run. */
const planCache = new Map<string, { stamp: string; plan: TerraformPlan }>();

/** Loads every source the scenario `tree` names. */
export function loadSources(tree: ParsedYaml, location: ScenarioLocation): LoadedSources {
  const out: LoadedSources = {
    policyFiles: new Map(),
    sourced: { principals: new Map(), resources: new Map() },
    diagnostics: [],
    texts: new Map(),
  };
  const principals = out.sourced.principals as Map<string, SourcedPrincipal>;
  const resources = out.sourced.resources as Map<string, SourcedResource>;
  for (const section of ['policies', 'principals', 'resources'] as const) {
    for (const { name, fields, keySpan } of sourceEntries(tree, section)) {
      const terraform = fields.get('terraform');
      if (!terraform) {
        // Keys that only mean something beside `terraform` would otherwise be ignored silently.
        const alone = [
          'address',
          'name',
          'attribute',
          ...(section === 'principals' ? ['account'] : []),
          ...(section === 'resources' ? ['region'] : []),
        ].filter((k) => fields.has(k));
        if (section !== 'policies' || fields.has('address')) {
          for (const key of alone) {
            out.diagnostics.push(
              diagnostic(
                'SCHEMA',
                `${section} › ${name}: \`${key}\` is only read beside \`terraform\``,
                fields.get(key)!.span,
                'add `terraform: PATH` naming the output of `terraform show -json`, or remove it',
              ),
            );
          }
        }
        continue;
      }
      const address = fields.get('address');
      const at = address?.span ?? keySpan;
      const plan = loadPlan(terraform.value, terraform.span, at, location, out);
      if (!plan || !address) continue;
      const ref: Reference = { plan, at, diagnostics: out.diagnostics };
      const placement = { account: fields.get('account')?.value, region: fields.get('region')?.value };
      if (section === 'policies') {
        const resource = findResource(ref, address.value);
        const options = { attribute: fields.get('attribute')?.value, name: fields.get('name')?.value };
        const file = resource ? policyOf(ref, resource, options) : undefined;
        if (file) out.policyFiles.set(name, file);
      } else if (section === 'principals') {
        const p = terraformPrincipal(ref, address.value, placement);
        if (p) principals.set(name, p);
      } else {
        const r = terraformResource(ref, address.value, placement, fields.has('arn'));
        if (r) resources.set(name, r);
      }
    }
  }
  return out;
}

/** Reads, confines and indexes a plan named at `span`, once per scenario. */
function loadPlan(value: string, span: Span, at: Span, location: ScenarioLocation, out: LoadedSources): TerraformPlan | undefined {
  const root = projectRoot(location);
  const absolute = resolve(dirname(location.absolute), value);
  const confined = confine(absolute, root);
  if (confined.kind === 'outside') {
    out.diagnostics.push(
      diagnostic(
        'POLICY_FILE_ESCAPES',
        `plan \`${value}\` is outside the project \`${displayPath(root, location.cwd)}\``,
        span,
        'keep plans inside the project',
      ),
    );
    return undefined;
  }
  if (confined.kind === 'missing') {
    out.diagnostics.push(
      diagnostic(
        'READ_ERROR',
        `plan \`${value}\` does not exist`,
        span,
        `the path is relative to the scenario file: \`${displayPath(absolute, location.cwd)}\`; write it with \`terraform show -json PLANFILE > plan.json\``,
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
    // INVARIANT: confine found the file; a race that removes it is reported by the read below.
  }
  const cached = planCache.get(confined.real);
  if (cached && cached.stamp === stamp) {
    out.texts.set(file, cached.plan.text);
    return cached.plan;
  }
  const read = readSource(confined.real, file, { maxBytes: MAX_PLAN_BYTES });
  if (read.value === undefined) {
    out.diagnostics.push(...read.diagnostics.map((d) => ({ ...d, message: `plan \`${value}\`: ${d.message}`, span })));
    return undefined;
  }
  out.texts.set(file, read.value);
  const plan = readTerraformPlan(read.value, file, at);
  out.diagnostics.push(...plan.diagnostics);
  if (plan.value) planCache.set(confined.real, { stamp, plan: plan.value });
  return plan.value;
}

/** The entries of `section` whose value is a mapping, with their scalar fields. */
function sourceEntries(tree: ParsedYaml, section: string): { name: string; fields: Fields; keySpan: Span }[] {
  const root = tree.root;
  if (!isMap(root)) return [];
  const sectionPair = root.items.find((p) => keyText(p.key, tree.document) === section);
  if (!sectionPair || !isMap(sectionPair.value)) return [];
  const out: { name: string; fields: Fields; keySpan: Span }[] = [];
  for (const pair of sectionPair.value.items) {
    const name = keyText(pair.key, tree.document);
    if (name === undefined || !isMap(pair.value)) continue;
    const fields: Fields = new Map();
    for (const f of pair.value.items) {
      const key = keyText(f.key, tree.document);
      if (key === undefined) continue;
      const v = isScalar(f.value) ? f.value.value : undefined;
      fields.set(key, {
        value: typeof v === 'string' ? v : String(v ?? ''),
        span: nodeSpan(f.value, tree.file, nodeSpan(f.key, tree.file)),
      });
    }
    out.push({ name, fields, keySpan: nodeSpan(pair.key, tree.file) });
  }
  return out;
}

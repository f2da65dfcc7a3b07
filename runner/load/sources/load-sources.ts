/**
 * The loader's hook for policy sources: every `policies`, `principals` and `resources` entry that
 * names a Terraform plan (`terraform:` + `address:`) or a CloudFormation template
 * (`cloudformation:` + `resource:`, see cloudformation-source.ts) is looked up in its file, read
 * once per run however many entries name it. Plans are read with positions kept (see json-locate.ts):
 * problems are reported where the scenario names the address, or inside the plan where the policy
 * is written.
 */
import { isMap, isScalar, type Node } from 'yaml';
import { diagnostic, type Span } from '../../diagnostics';
import type { ScenarioLocation } from '../policy-file';
import { templateEntry } from './cloudformation-source';
import { keyText, nodeSpan } from '../../yaml-tree/nodes';
import type { ParsedYaml } from '../yaml';
import { readTerraformPlan, type TerraformPlan } from './terraform-plan';
import { findResource, policyOf, type Reference } from './terraform-policies';
import { terraformPrincipal } from './terraform-principals';
import { terraformResource } from './terraform-resources';
import { confinedSource, readConfined, type Fields, type LoadedSources } from './source-files';
import type { SourcedPrincipal, SourcedResource } from './types';

export { MAX_PLAN_BYTES, type LoadedSources } from './source-files';

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
      if (fields.has('cloudformation') && !terraform) {
        templateEntry(section, name, fields, keySpan, location, out);
        continue;
      }
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
        for (const key of ['resource', 'parameters'].filter((k) => fields.has(k))) {
          out.diagnostics.push(
            diagnostic(
              'SCHEMA',
              `${section} › ${name}: \`${key}\` is only read beside \`cloudformation\``,
              fields.get(key)!.span,
              'add `cloudformation: PATH` naming a CloudFormation template, or remove it',
            ),
          );
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

/** Reads, confines and indexes a plan named at `span`, once per run while the file is unchanged. */
function loadPlan(value: string, span: Span, at: Span, location: ScenarioLocation, out: LoadedSources): TerraformPlan | undefined {
  const found = confinedSource('plan', value, span, location, out, 'write it with `terraform show -json PLANFILE > plan.json`');
  if (!found) return undefined;
  const cached = planCache.get(found.real);
  if (cached && cached.stamp === found.stamp) {
    out.texts.set(found.file, cached.plan.text);
    return cached.plan;
  }
  const text = readConfined('plan', value, span, found, out);
  if (text === undefined) return undefined;
  const plan = readTerraformPlan(text, found.file, at);
  out.diagnostics.push(...plan.diagnostics);
  if (plan.value) planCache.set(found.real, { stamp: found.stamp, plan: plan.value });
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
        node: f.value as Node | null,
      });
    }
    out.push({ name, fields, keySpan: nodeSpan(pair.key, tree.file) });
  }
  return out;
}

/**
 * Scenario entries that name a CloudFormation template (`cloudformation:` + `resource:`, with
 * `parameters:` for the values only a deployment knows): the template is read once per run while
 * unchanged, and the policy, principal or resource is taken from it by logical id.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import { diagnostic, type Span } from '../../diagnostics';
import type { ScenarioLocation } from '../policy-file';
import { keyText } from '../../yaml-tree/nodes';
import { templatePolicy, TemplateReference } from './cloudformation-policies';
import { templatePrincipal, templateResource } from './cloudformation-principals';
import { readTemplate, type CfnTemplate } from './cloudformation-template';
import { confinedSource, readConfined, type Fields, type LoadedSources } from './source-files';
import type { SourcedPrincipal, SourcedResource } from './types';

/** Parsed templates by real path, with the stamp of the file they were read from. */
const templateCache = new Map<string, { stamp: string; template: CfnTemplate }>();

/** Templates whose `Transform` was reported, per loaded scenario (reported once, however many entries name it). */
const transformsReported = new WeakMap<LoadedSources, Set<string>>();

/** Loads the entry `name` of `section` from the template its `cloudformation:` names. */
export function templateEntry(
  section: 'policies' | 'principals' | 'resources',
  name: string,
  fields: Fields,
  keySpan: Span,
  location: ScenarioLocation,
  out: LoadedSources,
): void {
  const source = fields.get('cloudformation')!;
  const resource = fields.get('resource');
  const at = resource?.span ?? keySpan;
  const template = loadTemplate(source.value, source.span, at, location, out);
  if (!template || !resource) return; // a missing `resource:` is reported by the schema
  if (template.transform) {
    const seen = transformsReported.get(out) ?? new Set<string>();
    transformsReported.set(out, seen);
    if (!seen.has(template.file)) {
      seen.add(template.file);
      // A transform (SAM, a macro) rewrites the template when CloudFormation processes it:
      // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/transform-section-structure.html
      out.diagnostics.push(
        diagnostic(
          'BAD_SOURCE',
          `\`${template.file}\` declares a \`Transform\`: CloudFormation rewrites it at deploy time, so its resources are not known offline`,
          template.transform,
          'give the processed template (`sam build` writes it under `.aws-sam/build/`; or `aws cloudformation get-template --template-stage Processed`)',
        ),
      );
    }
    return;
  }
  const given = parametersOf(fields.get('parameters')?.node);
  const ref = new TemplateReference(template, given, at, out.diagnostics);
  if (section === 'policies') {
    const found = ref.find(resource.value);
    const options = { attribute: fields.get('attribute')?.value, name: fields.get('name')?.value };
    const file = found ? templatePolicy(ref, found, options) : undefined;
    if (file) out.policyFiles.set(name, file);
  } else if (section === 'principals') {
    const p = templatePrincipal(ref, resource.value);
    if (p) (out.sourced.principals as Map<string, SourcedPrincipal>).set(name, p);
  } else {
    const r = templateResource(ref, resource.value, fields.has('arn'));
    if (r) (out.sourced.resources as Map<string, SourcedResource>).set(name, r);
  }
}

/** `parameters:`: names to a string (numbers as written) or a list of strings (a `CommaDelimitedList`). */
function parametersOf(node: unknown): Map<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  if (!isMap(node)) return out;
  const text = (n: unknown): string | undefined =>
    isScalar(n) && n.value !== null
      ? typeof n.value === 'string'
        ? n.value
        : typeof n.source === 'string'
          ? n.source
          : String(n.value)
      : undefined;
  for (const pair of node.items) {
    const key = keyText(pair.key);
    if (key === undefined) continue;
    if (isSeq(pair.value))
      out.set(
        key,
        pair.value.items.flatMap((i) => text(i) ?? []),
      );
    else {
      const v = text(pair.value);
      if (v !== undefined) out.set(key, v);
    }
  }
  return out;
}

/** Reads, confines and indexes a template named at `span`, once per run while the file is unchanged. */
function loadTemplate(value: string, span: Span, at: Span, location: ScenarioLocation, out: LoadedSources): CfnTemplate | undefined {
  const found = confinedSource('template', value, span, location, out, 'for CDK, `cdk synth` writes `cdk.out/STACK.template.json`');
  if (!found) return undefined;
  const cached = templateCache.get(found.real);
  if (cached && cached.stamp === found.stamp) {
    out.texts.set(found.file, cached.template.text);
    return cached.template;
  }
  const text = readConfined('template', value, span, found, out);
  if (text === undefined) return undefined;
  const template = readTemplate(text, found.file, at);
  out.diagnostics.push(...template.diagnostics);
  if (template.value) templateCache.set(found.real, { stamp: found.stamp, template: template.value });
  return template.value;
}

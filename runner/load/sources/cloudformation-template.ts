/**
 * Reading a CloudFormation template, YAML or JSON (CDK's `cdk.out/*.template.json`), into an
 * index of its sections with positions kept. YAML templates use the short-form tags (`!Ref`,
 * `!Sub`, `!GetAtt`, ...): they are registered as the yaml package's custom tags, so a tagged
 * node keeps its tag and its range and is resolved later, where it is used
 * (cloudformation-intrinsics.ts). JSON templates go through the same parser as JSON policy files.
 *
 * Template anatomy: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html
 * (`Parameters`, `Mappings`, `Conditions`, `Transform`, `Resources` with `Type`, `Properties` and
 * `Condition`). The short forms: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html
 * ("Declaration ... YAML short form" of each function).
 */
import { isMap, isScalar, type Node, type ScalarTag, type CollectionTag, type YAMLMap } from 'yaml';
import { didYouMean, suggest } from '../../../lib/suggest';
import { diagnostic, type Diagnostic, type Span } from '../../diagnostics';
import { keyText, nodeSpan } from '../../yaml-tree/nodes';
import { parseYaml, toPlain } from '../yaml';

/** The functions with a YAML short form, by tag name (`!Ref` is `Ref`, `!Sub` is `Fn::Sub`). */
export const shortForms: Readonly<Record<string, string>> = {
  Ref: 'Ref',
  Condition: 'Condition',
  Sub: 'Fn::Sub',
  GetAtt: 'Fn::GetAtt',
  Join: 'Fn::Join',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  FindInMap: 'Fn::FindInMap',
  If: 'Fn::If',
  Equals: 'Fn::Equals',
  Not: 'Fn::Not',
  And: 'Fn::And',
  Or: 'Fn::Or',
  ImportValue: 'Fn::ImportValue',
  Base64: 'Fn::Base64',
  GetAZs: 'Fn::GetAZs',
  Cidr: 'Fn::Cidr',
  Transform: 'Fn::Transform',
};

/** The custom tags: each short form on a scalar, a sequence or a mapping, kept as written. */
const cfnTags: (ScalarTag | CollectionTag)[] = Object.keys(shortForms).flatMap((name) => [
  { tag: `!${name}`, resolve: (s: string) => s } satisfies ScalarTag,
  { tag: `!${name}`, collection: 'seq', resolve: (v: unknown) => v } as CollectionTag,
  { tag: `!${name}`, collection: 'map', resolve: (v: unknown) => v } as CollectionTag,
]);

/** One entry of `Resources`. */
export interface CfnResource {
  logicalId: string;
  type: string;
  /** Its `Properties` mapping (absent when it has none). */
  properties?: YAMLMap;
  /** The resource's `Condition`, by name. */
  condition?: string;
  /** The span of its logical id in the template. */
  span: Span;
  /** Its logical id's node, where problems with the resource as a whole are reported. */
  key: Node;
}

/** A parsed template, indexed. */
export interface CfnTemplate {
  /** Display path. */
  file: string;
  text: string;
  document: import('yaml').Document;
  resources: ReadonlyMap<string, CfnResource>;
  /** `Parameters` by name: the parameter's mapping (its `Default`, `Type`) and key span. */
  parameters: ReadonlyMap<string, { node: unknown; span: Span }>;
  mappings: ReadonlyMap<string, unknown>;
  conditions: ReadonlyMap<string, unknown>;
  /** Where `Transform` is declared (SAM, macros): nothing in the template can be used then. */
  transform?: Span;
}

/** Parses and indexes a template `text` (display path `file`); `at` is where the scenario names it. */
export function readTemplate(text: string, file: string, at: Span): { value?: CfnTemplate; diagnostics: Diagnostic[] } {
  const parsed = parseYaml(text, file, cfnTags);
  if (!parsed.value) return { diagnostics: parsed.diagnostics };
  const diagnostics = [...parsed.diagnostics];
  for (const w of parsed.value.document.warnings) {
    if (w.code !== 'TAG_RESOLVE_FAILED') continue;
    const span: Span = { file, start: w.pos[0], end: Math.max(w.pos[0], w.pos[1]) };
    const tag = /!\S+/.exec(w.message)?.[0] ?? '';
    const known = Object.keys(shortForms).map((t) => `!${t}`);
    diagnostics.push(
      diagnostic(
        'BAD_SOURCE',
        `\`${file}\`: unknown tag \`${tag}\``,
        span,
        didYouMean(suggest(tag, known), `CloudFormation's short forms are ${known.map((t) => `\`${t}\``).join(', ')}`),
      ),
    );
  }
  const plain = toPlain(parsed.value);
  diagnostics.push(...plain.diagnostics);
  if (diagnostics.length > 0) return { diagnostics };
  const document = parsed.value.document;
  const root = parsed.value.root;
  const section = (name: string): YAMLMap | undefined => {
    if (!isMap(root)) return undefined;
    const pair = root.items.find((p) => keyText(p.key) === name);
    return isMap(pair?.value) ? pair.value : undefined;
  };
  const resourcesNode = section('Resources');
  if (!resourcesNode) {
    return {
      diagnostics: [
        diagnostic(
          'BAD_SOURCE',
          `\`${file}\` has no \`Resources\` mapping: not a CloudFormation template`,
          at,
          'give a CloudFormation template in YAML or JSON (for CDK: `cdk.out/STACK.template.json`)',
        ),
      ],
    };
  }
  const resources = new Map<string, CfnResource>();
  for (const pair of resourcesNode.items) {
    const logicalId = keyText(pair.key);
    if (logicalId === undefined || !isMap(pair.value)) continue;
    const fields = pair.value;
    const value = (key: string): unknown => fields.items.find((p) => keyText(p.key) === key)?.value;
    const type = value('Type');
    const properties = value('Properties');
    const condition = value('Condition');
    resources.set(logicalId, {
      logicalId,
      type: isScalar(type) && typeof type.value === 'string' ? type.value : '',
      ...(isMap(properties) ? { properties } : {}),
      ...(isScalar(condition) && typeof condition.value === 'string' ? { condition: condition.value } : {}),
      span: nodeSpan(pair.key, file),
      key: pair.key as Node,
    });
  }
  const entries = (node: YAMLMap | undefined): Map<string, { node: unknown; span: Span }> =>
    new Map(
      (node?.items ?? []).flatMap((p) => {
        const k = keyText(p.key);
        return k === undefined ? [] : [[k, { node: p.value, span: nodeSpan(p.key, file) }] as const];
      }),
    );
  const transformPair = isMap(root) ? root.items.find((p) => keyText(p.key) === 'Transform') : undefined;
  const mapValues = (m: Map<string, { node: unknown }>): Map<string, unknown> => new Map([...m].map(([k, v]) => [k, v.node]));
  return {
    value: {
      file,
      text,
      document,
      resources,
      parameters: entries(section('Parameters')),
      mappings: mapValues(entries(section('Mappings'))),
      conditions: mapValues(entries(section('Conditions'))),
      ...(transformPair ? { transform: nodeSpan(transformPair.key, file) } : {}),
    },
    diagnostics: [],
  };
}

/** The value of `key` in mapping `node`, or undefined. */
export function member(node: unknown, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((p) => keyText(p.key) === key);
  return (pair?.value ?? undefined) as Node | undefined;
}

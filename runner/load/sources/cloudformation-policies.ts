/**
 * Policy documents in a CloudFormation template, by resource type and property. The properties
 * are each type's in the CloudFormation template reference
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-TYPE.html):
 * a document is written as a mapping, or as a JSON string (the `Json` type of
 * `AWS::SecretsManager::ResourcePolicy.ResourcePolicy` and `AWS::Organizations::Policy.Content`);
 * either way it is resolved with positions kept (cloudformation-intrinsics.ts) and read by the
 * policy parser as if written in the scenario.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { didYouMean, suggest } from '../../../lib/suggest';
import { diagnostic, type Diagnostic, type Span } from '../../diagnostics';
import type { PolicyFile } from '../policy-file';
import { keyText } from '../../yaml-tree/nodes';
import { Resolver } from './cloudformation-intrinsics';
import { FAIL, NO_VALUE, plainOf } from './cloudformation-values';
import { TemplateNames } from './cloudformation-refs';
import { member, type CfnResource, type CfnTemplate } from './cloudformation-template';
import { embeddedPolicy } from './embedded-policy';
import { lambdaPermissionDocument } from './lambda-permission';

/** Policy properties by resource type; the first is the default. Roles, users and groups also hold `Policies` by name. */
export const policyProperties: Readonly<Record<string, readonly string[]>> = {
  'AWS::IAM::Role': ['AssumeRolePolicyDocument'],
  'AWS::IAM::User': [],
  'AWS::IAM::Group': [],
  'AWS::IAM::ManagedPolicy': ['PolicyDocument'],
  'AWS::IAM::Policy': ['PolicyDocument'],
  'AWS::IAM::RolePolicy': ['PolicyDocument'],
  'AWS::IAM::UserPolicy': ['PolicyDocument'],
  'AWS::IAM::GroupPolicy': ['PolicyDocument'],
  'AWS::S3::BucketPolicy': ['PolicyDocument'],
  'AWS::SecretsManager::ResourcePolicy': ['ResourcePolicy'],
  'AWS::KMS::Key': ['KeyPolicy'],
  'AWS::Organizations::Policy': ['Content'],
  'AWS::SQS::QueuePolicy': ['PolicyDocument'],
  'AWS::SNS::TopicPolicy': ['PolicyDocument'],
  'AWS::Lambda::Permission': [],
};

/** One scenario entry's view of a template: its parameters, and where the scenario names it. */
export class TemplateReference {
  readonly resolver: Resolver;
  readonly names: TemplateNames;
  constructor(
    readonly template: CfnTemplate,
    given: ReadonlyMap<string, string | string[]>,
    /** The span of `resource:` in the scenario. */
    readonly at: Span,
    readonly diagnostics: Diagnostic[],
  ) {
    this.names = new TemplateNames(given);
    this.resolver = new Resolver(template, this.names, diagnostics);
  }

  /** `resource`'s property `name` resolved, or undefined (absent: `missing` is false; unresolvable: reported). */
  property(resource: CfnResource, name: string): Node | undefined {
    const node = member(resource.properties, name);
    if (node === undefined) return undefined;
    this.resolver.where = `\`${resource.logicalId}\` \`${name}\``;
    const r = this.resolver.resolve(node);
    return r === FAIL || r === NO_VALUE ? undefined : r;
  }

  /** `resource`'s property `name` as a string, or undefined. */
  text(resource: CfnResource, name: string): string | undefined {
    const r = this.property(resource, name);
    return isScalar(r) && r.value !== null ? String(r.value) : undefined;
  }

  /** The resource with logical id `id`, or SOURCE_NOT_FOUND with the closest id. */
  find(id: string): CfnResource | undefined {
    const found = this.template.resources.get(id);
    if (found) {
      const created = this.names.created(found, found.key, this.resolver);
      if (created === true) return found;
      if (created === false)
        this.diagnostics.push(
          diagnostic(
            'SOURCE_NOT_FOUND',
            `\`${this.template.file}\`: \`${id}\` is not created: its condition \`${found.condition}\` is false`,
            this.at,
            'give the parameters that make the condition true in `parameters:`',
          ),
        );
      return undefined;
    }
    this.diagnostics.push(
      diagnostic(
        'SOURCE_NOT_FOUND',
        `\`${this.template.file}\` holds no resource \`${id}\``,
        this.at,
        didYouMean(
          suggest(id, [...this.template.resources.keys()]),
          `the template holds ${this.template.resources.size} resources, by logical id`,
        ),
      ),
    );
    return undefined;
  }

  /** SOURCE_NO_POLICY at the scenario's `resource:`. */
  noPolicy(resource: CfnResource, message: string, help: string): undefined {
    this.diagnostics.push(diagnostic('SOURCE_NO_POLICY', `\`${this.template.file}\`: \`${resource.logicalId}\` ${message}`, this.at, help));
    return undefined;
  }
}

/** The policy of `resource` at `attribute` (default: its type's first property), or its inline policy `name`. */
export function templatePolicy(
  ref: TemplateReference,
  resource: CfnResource,
  options: { attribute?: string | undefined; name?: string | undefined },
): PolicyFile | undefined {
  const properties = policyProperties[resource.type];
  if (properties === undefined)
    return ref.noPolicy(
      resource,
      `is an \`${resource.type}\`, which holds no policy iamspec reads`,
      `policy resources: ${Object.keys(policyProperties)
        .map((t) => `\`${t}\``)
        .join(', ')}`,
    );
  if (options.name !== undefined) return inlinePolicy(ref, resource, options.name);
  if (resource.type === 'AWS::Lambda::Permission') return lambdaPermission(ref, resource);
  const attribute = options.attribute ?? properties[0];
  if (attribute === undefined)
    return ref.noPolicy(
      resource,
      `is an \`${resource.type}\`: name one of its \`Policies\``,
      'write `name: POLICY_NAME` (its `PolicyName`)',
    );
  if (!properties.includes(attribute))
    return ref.noPolicy(
      resource,
      `: \`${attribute}\` is not a policy property of \`${resource.type}\``,
      didYouMean(suggest(attribute, properties), `expected ${properties.map((a) => `\`${a}\``).join(' or ')}`),
    );
  if (resource.type === 'AWS::Organizations::Policy') {
    const type = ref.text(resource, 'Type');
    if (type !== 'SERVICE_CONTROL_POLICY' && type !== 'RESOURCE_CONTROL_POLICY') {
      // An unresolvable `Type` was reported where it is written; a missing one is reported here.
      if (type !== undefined || member(resource.properties, 'Type') === undefined)
        ref.noPolicy(
          resource,
          type === undefined ? 'has no `Type`' : `is a \`${type}\`, not an SCP or RCP`,
          'an organization policy of `Type` `SERVICE_CONTROL_POLICY` or `RESOURCE_CONTROL_POLICY` is an IAM policy',
        );
      return undefined;
    }
    const file = documentOf(ref, resource, attribute);
    if (file)
      file.control = { kind: type === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp', what: `\`Type\` \`${type}\` in \`${ref.template.file}\`` };
    return file;
  }
  return documentOf(ref, resource, attribute);
}

/** The document in property `name` of `resource` (or `node` when given: an inline policy's). */
export function documentOf(ref: TemplateReference, resource: CfnResource, name: string, node?: unknown): PolicyFile | undefined {
  const where = `\`${ref.template.file}\`: \`${resource.logicalId}\` \`${name}\``;
  const raw = node ?? member(resource.properties, name);
  if (raw === undefined) return ref.noPolicy(resource, `has no \`${name}\``, `set \`${name}\` in the template, or pick another resource`);
  ref.resolver.where = `\`${resource.logicalId}\` \`${name}\``;
  const r = ref.resolver.resolve(raw);
  if (r === FAIL) return undefined;
  if (r === NO_VALUE)
    return ref.noPolicy(resource, `: \`${name}\` is \`AWS::NoValue\``, 'the property is removed by the template: pick another resource');
  const file = ref.template.file;
  if (isScalar(r) && typeof r.value === 'string') {
    const range = r.range ?? [0, 0, 0];
    const result = embeddedPolicy(ref.template, { start: range[0], end: range[1] }, r.value, where, r === raw);
    ref.diagnostics.push(...result.diagnostics);
    return result.value;
  }
  if (!isMap(r))
    return ref.noPolicy(
      resource,
      `: \`${name}\` is not a policy document`,
      'a policy document is a mapping with `Statement`, or its JSON text',
    );
  return { file, parsed: { file, text: ref.template.text, document: ref.template.document, root: r } };
}

/** The entries of `Policies` (roles, users, groups): each `PolicyName` with its `PolicyDocument` node. */
export function inlinePolicies(ref: TemplateReference, resource: CfnResource): { name: string; document: unknown }[] {
  const raw = member(resource.properties, 'Policies');
  ref.resolver.where = `\`${resource.logicalId}\` \`Policies\``;
  const list = raw === undefined || isSeq(raw) ? raw : ref.resolver.resolve(raw);
  if (!isSeq(list)) return [];
  return list.items.flatMap((entry) => {
    // A literal entry is kept as written (its document is resolved when used); a function is resolved first.
    const item = isMap(entry) && member(entry, 'PolicyName') !== undefined ? entry : ref.resolver.resolve(entry);
    const nameNode = member(item, 'PolicyName');
    const name = nameNode === undefined ? FAIL : ref.resolver.text(nameNode, '`PolicyName`');
    const document = member(item, 'PolicyDocument');
    return name !== FAIL && document !== undefined ? [{ name, document }] : [];
  });
}

function inlinePolicy(ref: TemplateReference, resource: CfnResource, name: string): PolicyFile | undefined {
  const inline = inlinePolicies(ref, resource);
  const found = inline.find((p) => p.name === name);
  if (found) return documentOf(ref, resource, 'Policies', found.document);
  const names = inline.map((p) => p.name);
  ref.diagnostics.push(
    diagnostic(
      'SOURCE_NOT_FOUND',
      `\`${ref.template.file}\`: \`${resource.logicalId}\` has no inline policy \`${name}\``,
      ref.at,
      didYouMean(
        suggest(name, names),
        names.length > 0 ? `its inline policies: ${names.map((n) => `\`${n}\``).join(', ')}` : 'it has no `Policies`',
      ),
    ),
  );
  return undefined;
}

/** `AWS::Lambda::Permission` → its one-statement resource policy (lambda-permission.ts), positioned at the resource. */
function lambdaPermission(ref: TemplateReference, resource: CfnResource): PolicyFile | undefined {
  const get = (name: string): string | undefined => ref.text(resource, name);
  const before = ref.diagnostics.length;
  const [fn, principal, action] = [get('FunctionName'), get('Principal'), get('Action')];
  if (ref.diagnostics.length > before) return undefined;
  if (fn === undefined || principal === undefined || action === undefined)
    return ref.noPolicy(
      resource,
      'lacks `FunctionName`, `Principal` or `Action`',
      'a Lambda permission needs `FunctionName`, `Principal` and `Action`',
    );
  if (!fn.startsWith('arn:')) {
    ref.resolver.where = `\`${resource.logicalId}\` \`FunctionName\``;
    ref.resolver.fail(
      member(resource.properties, 'FunctionName'),
      `\`${fn}\` is a name, not the function's ARN`,
      "the statement's Resource is the function ARN: write `!GetAtt FUNCTION.Arn`, or give the ARN in `parameters:`",
    );
    return undefined;
  }
  const text = lambdaPermissionDocument({
    functionArn: fn,
    principal,
    action,
    sourceArn: get('SourceArn'),
    sourceAccount: get('SourceAccount'),
    principalOrgId: get('PrincipalOrgID'),
    statementId: resource.logicalId,
  });
  const result = embeddedPolicy(
    ref.template,
    { start: resource.span.start, end: resource.span.end },
    text,
    `\`${ref.template.file}\`: \`${resource.logicalId}\``,
    false,
  );
  ref.diagnostics.push(...result.diagnostics);
  return result.value;
}

/** The logical ids a property lists by `Ref` (`Roles: [!Ref AppRole]`), and the names it lists as strings. */
export function listed(ref: TemplateReference, resource: CfnResource, name: string): { ids: string[]; names: string[] } {
  const raw = member(resource.properties, name);
  const items = isSeq(raw) ? raw.items : raw === undefined ? [] : [raw];
  const ids: string[] = [];
  const names: string[] = [];
  for (const item of items) {
    const id = refTarget(item);
    if (id !== undefined) ids.push(id);
    else {
      ref.resolver.where = `\`${resource.logicalId}\` \`${name}\``;
      const v = ref.resolver.resolve(item);
      if (v !== FAIL && v !== NO_VALUE) {
        const p = plainOf(v);
        if (typeof p === 'string') names.push(p);
        if (Array.isArray(p)) names.push(...p.filter((x): x is string => typeof x === 'string'));
      }
    }
  }
  return { ids, names };
}

/** The logical id a `Ref` or `Fn::GetAtt` node names (`!Ref AppRole`, `{"Fn::GetAtt": ["AppRole", "Arn"]}`), else undefined. */
export function refTarget(node: unknown): string | undefined {
  const n = node as Node | undefined;
  if (isScalar(n) && (n.tag === '!Ref' || n.tag === '!GetAtt')) return String(n.value).split('.')[0];
  if (isSeq(n) && n.tag === '!GetAtt' && isScalar(n.items[0])) return String((n.items[0] as { value: unknown }).value);
  if (isMap(n) && n.items.length === 1) {
    const key = keyText(n.items[0].key);
    const v = n.items[0].value;
    if (key === 'Ref' && isScalar(v)) return String(v.value);
    if (key === 'Fn::GetAtt' && isSeq(v) && isScalar(v.items[0])) return String((v.items[0] as { value: unknown }).value);
    if (key === 'Fn::GetAtt' && isScalar(v)) return String(v.value).split('.')[0];
  }
  return undefined;
}

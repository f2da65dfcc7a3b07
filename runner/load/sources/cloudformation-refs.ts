/**
 * What `Ref` and `Fn::GetAtt` return, offline: the scenario's `parameters:` first (a parameter,
 * a pseudo parameter, a logical id for its `Ref`, `LogicalId.Attribute` for its `Fn::GetAtt`),
 * then a parameter's `Default`, then the documented return value of a resource of the same
 * template when it is built from properties the template sets. A name CloudFormation generates
 * (no `RoleName`, a KMS key id, a secret's random suffix) is never guessed: it is an UNKNOWN_VALUE
 * with the `parameters:` key that gives it.
 *
 * Pseudo parameters: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/pseudo-parameter-reference.html.
 * `AWS::Partition` and `AWS::URLSuffix` follow the Region when it is given (`cn-*` is `aws-cn` with
 * `amazonaws.com.cn`, `us-gov-*` is `aws-us-gov`), else they are the `aws` partition's.
 */
import { isScalar, type Node } from 'yaml';
import { didYouMean, suggest } from '../../../lib/suggest';
import type { Names, Resolver } from './cloudformation-intrinsics';
import { FAIL, parametersHelp, NO_VALUE } from './cloudformation-values';
import { member, type CfnResource } from './cloudformation-template';

/** A value the scenario gives in `parameters:`. */
export type Given = ReadonlyMap<string, string | string[]>;

/** Reads a resource's properties for a return value. */
interface Getter {
  /** The string property `name`, or FAIL when it is not set (CloudFormation generates it) or unresolvable. */
  prop(name: string): string | typeof FAIL;
  /** The property `name`, or `fallback` when it is not set. */
  optional(name: string, fallback: string): string | typeof FAIL;
  pseudo(name: 'AWS::Partition' | 'AWS::AccountId' | 'AWS::Region' | 'AWS::URLSuffix'): string | typeof FAIL;
}
type Form = (g: Getter) => (string | typeof FAIL)[];

const iam =
  (kind: string, nameProp: string): Form =>
  (g) => ['arn:', g.pseudo('AWS::Partition'), ':iam::', g.pseudo('AWS::AccountId'), `:${kind}`, g.optional('Path', '/'), g.prop(nameProp)];
const regional =
  (service: string, middle: string, nameProp: string): Form =>
  (g) => [
    'arn:',
    g.pseudo('AWS::Partition'),
    `:${service}:`,
    g.pseudo('AWS::Region'),
    ':',
    g.pseudo('AWS::AccountId'),
    `:${middle}`,
    g.prop(nameProp),
  ];

/**
 * Return values by resource type, each from the "Return values" section (`Ref`, `Fn::GetAtt`) of
 * the type's page in the CloudFormation template reference,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-TYPE.html:
 * aws-resource-iam-role, -iam-user, -iam-group ("Ref returns the name"; `Arn`),
 * -iam-managedpolicy ("Ref returns the ARN"; `PolicyArn`), -s3-bucket ("Ref returns the bucket
 * name"; `Arn`), -sqs-queue ("Ref returns the queue URL"; `Arn`, `QueueName`), -sns-topic ("Ref
 * returns the topic ARN"; `TopicArn`, `TopicName`), -lambda-function ("Ref returns the name";
 * `Arn`), -dynamodb-table, -logs-loggroup, -kms-alias. Types whose `Ref` is generated
 * (AWS::KMS::Key, AWS::SecretsManager::Secret, AWS::Organizations::Policy) are not listed: their
 * values come from `parameters:`.
 */
const returnValues: Readonly<Record<string, { ref: Form; atts: Readonly<Record<string, Form>> }>> = {
  'AWS::IAM::Role': { ref: (g) => [g.prop('RoleName')], atts: { Arn: iam('role', 'RoleName') } },
  'AWS::IAM::User': { ref: (g) => [g.prop('UserName')], atts: { Arn: iam('user', 'UserName') } },
  'AWS::IAM::Group': { ref: (g) => [g.prop('GroupName')], atts: { Arn: iam('group', 'GroupName') } },
  'AWS::IAM::ManagedPolicy': { ref: iam('policy', 'ManagedPolicyName'), atts: { PolicyArn: iam('policy', 'ManagedPolicyName') } },
  'AWS::S3::Bucket': {
    ref: (g) => [g.prop('BucketName')],
    atts: { Arn: (g) => ['arn:', g.pseudo('AWS::Partition'), ':s3:::', g.prop('BucketName')] },
  },
  'AWS::SQS::Queue': {
    ref: (g) => [
      'https://sqs.',
      g.pseudo('AWS::Region'),
      '.',
      g.pseudo('AWS::URLSuffix'),
      '/',
      g.pseudo('AWS::AccountId'),
      '/',
      g.prop('QueueName'),
    ],
    atts: { Arn: regional('sqs', '', 'QueueName'), QueueName: (g) => [g.prop('QueueName')] },
  },
  'AWS::SNS::Topic': {
    ref: regional('sns', '', 'TopicName'),
    atts: { TopicArn: regional('sns', '', 'TopicName'), TopicName: (g) => [g.prop('TopicName')] },
  },
  'AWS::Lambda::Function': { ref: (g) => [g.prop('FunctionName')], atts: { Arn: regional('lambda', 'function:', 'FunctionName') } },
  'AWS::DynamoDB::Table': { ref: (g) => [g.prop('TableName')], atts: { Arn: regional('dynamodb', 'table/', 'TableName') } },
  'AWS::Logs::LogGroup': {
    ref: (g) => [g.prop('LogGroupName')],
    atts: { Arn: (g) => [...regional('logs', 'log-group:', 'LogGroupName')(g), ':*'] },
  },
  'AWS::KMS::Alias': { ref: (g) => [g.prop('AliasName')], atts: {} },
};

const pseudoParameters = [
  'AWS::AccountId',
  'AWS::Region',
  'AWS::Partition',
  'AWS::URLSuffix',
  'AWS::StackName',
  'AWS::StackId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
];

/** `Ref`, `Fn::GetAtt` and conditions of one template, given the scenario's `parameters:`. */
export class TemplateNames implements Names {
  private readonly conditions = new Map<string, boolean | typeof FAIL>();
  /** Return values being computed, against a resource whose name refers to itself. */
  private readonly computing = new Set<string>();

  constructor(private readonly given: Given) {}

  ref(name: string, at: Node, scope: Resolver): string | string[] | typeof NO_VALUE | typeof FAIL {
    const given = this.given.get(name);
    if (given !== undefined) return given;
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name.startsWith('AWS::')) return this.pseudo(name, at, scope);
    const parameter = scope.template.parameters.get(name);
    if (parameter) {
      const type = member(parameter.node, 'Type');
      const typeText = isScalar(type) ? String(type.value) : 'String';
      const fallback = member(parameter.node, 'Default');
      if (fallback === undefined || typeText.startsWith('AWS::SSM::Parameter'))
        return scope.fail(
          at,
          `parameter \`${name}\` has no \`Default\`${fallback === undefined ? '' : ' iamspec can read (an SSM parameter)'}`,
          `give it in \`parameters:\` (\`${name}: VALUE\`)`,
        );
      const value = scope.text(fallback, `the \`Default\` of \`${name}\``);
      if (value === FAIL) return FAIL;
      return /^(List<|CommaDelimitedList)/.test(typeText) ? value.split(',').map((s) => s.trim()) : value;
    }
    const resource = scope.template.resources.get(name);
    if (!resource) {
      const names = [...scope.template.parameters.keys(), ...scope.template.resources.keys(), ...pseudoParameters];
      return scope.fail(
        at,
        `\`Ref\` names \`${name}\`, which is no parameter, pseudo parameter or resource of the template`,
        didYouMean(suggest(name, names), 'check the name against `Parameters` and `Resources`'),
        'SOURCE_NOT_FOUND',
      );
    }
    return this.returnValue(resource, 'Ref', at, scope);
  }

  getAtt(id: string, attribute: string, at: Node, scope: Resolver): string | typeof FAIL {
    const given = this.given.get(`${id}.${attribute}`);
    if (typeof given === 'string') return given;
    const resource = scope.template.resources.get(id);
    if (!resource)
      return scope.fail(
        at,
        `\`Fn::GetAtt\` names \`${id}\`, which is no resource of the template`,
        didYouMean(suggest(id, [...scope.template.resources.keys()]), 'check the logical id against `Resources`'),
        'SOURCE_NOT_FOUND',
      );
    return this.returnValue(resource, attribute, at, scope);
  }

  condition(name: string, at: Node, scope: Resolver): boolean | typeof FAIL {
    const known = this.conditions.get(name);
    if (known !== undefined) return known;
    const node = scope.template.conditions.get(name);
    if (node === undefined)
      return scope.fail(
        at,
        `no condition \`${name}\` in \`Conditions\``,
        didYouMean(suggest(name, [...scope.template.conditions.keys()]), 'check the name against `Conditions`'),
        'SOURCE_NOT_FOUND',
      );
    this.conditions.set(name, FAIL); // a condition that refers to itself fails once, not forever
    const holds = scope.holds(node);
    this.conditions.set(name, holds);
    return holds;
  }

  /** True when the resource is created: it has no `Condition`, or its condition holds. */
  created(resource: CfnResource, at: Node, scope: Resolver): boolean | typeof FAIL {
    return resource.condition === undefined ? true : this.condition(resource.condition, at, scope);
  }

  private pseudo(name: string, at: Node, scope: Resolver): string | typeof FAIL {
    const region = this.given.get('AWS::Region');
    const partition =
      this.given.get('AWS::Partition') ??
      (typeof region === 'string' ? (region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws') : 'aws');
    if (name === 'AWS::Partition') return String(partition);
    if (name === 'AWS::URLSuffix') return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
    if (!pseudoParameters.includes(name))
      return scope.fail(
        at,
        `\`${name}\` is no pseudo parameter`,
        didYouMean(suggest(name, pseudoParameters), 'see "Pseudo parameters reference" in the CloudFormation documentation'),
        'SOURCE_NOT_FOUND',
      );
    const example = name === 'AWS::AccountId' ? '"111122223333"' : name === 'AWS::Region' ? 'us-east-1' : 'VALUE';
    return scope.fail(
      at,
      `pseudo parameter \`${name}\` is known only when the stack is deployed`,
      `give it in \`parameters:\` (\`${name}: ${example}\`)`,
    );
  }

  private returnValue(resource: CfnResource, attribute: string, at: Node, scope: Resolver): string | typeof FAIL {
    const id = resource.logicalId;
    const created = this.created(resource, at, scope);
    if (created === FAIL) return FAIL;
    if (!created)
      return scope.fail(
        at,
        `\`${id}\` is not created: its condition \`${resource.condition}\` is false`,
        'give the parameters that make the condition true, or refer to another resource',
        'SOURCE_NOT_FOUND',
      );
    const what = attribute === 'Ref' ? `\`Ref\` of \`${id}\`` : `\`${id}.${attribute}\``;
    const givenKey = attribute === 'Ref' ? id : `${id}.${attribute}`;
    const values = returnValues[resource.type];
    if (!values)
      return scope.fail(
        at,
        `${what} (an \`${resource.type}\`) is known only when the stack is deployed`,
        `give it in \`parameters:\` (\`${givenKey}: VALUE\`)`,
      );
    const form = attribute === 'Ref' ? values.ref : values.atts[attribute];
    if (!form) {
      const known = Object.keys(values.atts);
      return scope.fail(
        at,
        `${what} is not a return value iamspec knows offline for an \`${resource.type}\``,
        didYouMean(suggest(attribute, known), `give it in \`parameters:\` (\`${givenKey}: VALUE\`)`),
      );
    }
    if (this.computing.has(givenKey)) return scope.fail(at, `${what} refers to itself`, 'remove the circular reference', 'BAD_SOURCE');
    this.computing.add(givenKey);
    const saved = scope.where;
    const getter: Getter = {
      prop: (name) => {
        const node = member(resource.properties, name);
        if (node === undefined)
          return scope.fail(
            at,
            `${what}: CloudFormation generates the name (\`${id}\` has no \`${name}\`)`,
            `give it in \`parameters:\` (\`${givenKey}: VALUE\`), or set \`${name}\` in the template`,
          );
        scope.where = `\`${id}\` \`${name}\``;
        const v = scope.text(node, `\`${name}\``);
        scope.where = saved;
        return v;
      },
      optional: (name, fallback) => (member(resource.properties, name) === undefined ? fallback : getter.prop(name)),
      pseudo: (name) => {
        const v = this.ref(name, at, scope);
        return v === NO_VALUE || Array.isArray(v) ? FAIL : v;
      },
    };
    const parts: (string | typeof FAIL)[] = [];
    for (const part of form(getter)) {
      parts.push(part);
      if (part === FAIL) break;
    }
    this.computing.delete(givenKey);
    return parts.includes(FAIL) ? FAIL : parts.join('');
  }
}

/** The help for values the scenario gives. */
export { parametersHelp };

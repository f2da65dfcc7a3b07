import { expect } from 'chai';
import schema from '../../load/scenario.schema.json';
import { allServices, rcpServices, resourceAttributes, serviceRules } from './registry';

/** The resource properties every resource has, whatever its service. */
const commonResourceProperties = ['arn', 'policy', 'tags', 'account'];

describe('service registry', () => {
  it('lists each service prefix once, in lowercase', () => {
    const prefixes = allServices.map((s) => s.prefix);
    expect(new Set(prefixes).size).to.equal(prefixes.length);
    for (const p of prefixes) expect(p).to.equal(p.toLowerCase());
  });

  it('derives the RCP services from the services that declare RCP support', () => {
    // AWS Organizations User Guide, "List of AWS services that support RCPs".
    expect([...rcpServices].sort()).to.deep.equal([
      'aoss',
      'cognito-identity',
      'dynamodb',
      'ecr',
      'kms',
      'logs',
      's3',
      'secretsmanager',
      'sqs',
      'sts',
    ]);
    expect(serviceRules('lambda')).to.equal(undefined);
  });

  it("agrees with the schema: its resource attributes are exactly the schema's service properties", () => {
    const properties = schema.definitions.resource.properties as Record<string, unknown>;
    const fromSchema = Object.fromEntries(Object.entries(properties).filter(([k]) => !commonResourceProperties.includes(k)));
    expect(fromSchema).to.deep.equal(resourceAttributes);
  });

  it('declares each attribute once, in one service', () => {
    const names = allServices.flatMap((s) => Object.keys(s.attributes ?? {}));
    expect(new Set(names).size).to.equal(names.length);
    expect(names.sort()).to.deep.equal(['keyManager', 'kmsKeyId', 'primaryRegion', 'rotationLambdaArn']);
  });
});

import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { orderAccessLevels, splitAccessLevels } from './access-level';
import { permissionsReferenceSeed, policySentrySeed } from './build';
import { crosscheckSeeds } from './crosscheck';
import { canonicalKeySpelling, parseSeed000, parseSeed001, type SeedService } from './parse-seed';

interface Case {
  name: string;
  input: string;
  want?: SeedService;
  error?: string;
}

const cases = parse(readFileSync(join(__dirname, 'testdata', 'parse-seed.yaml'), 'utf8')) as Case[];
const seeds = join(__dirname, 'seeds');
const seed000 = parseSeed000(readFileSync(join(seeds, permissionsReferenceSeed), 'utf8'));
const seed001 = parseSeed001(readFileSync(join(seeds, policySentrySeed), 'utf8'));

describe('parseSeed000', () => {
  for (const c of cases) {
    it(c.name, () => {
      if (c.error !== undefined) expect(() => parseSeed000(c.input)).to.throw(c.error);
      else expect(parseSeed000(c.input)).to.deep.equal(c.want);
    });
  }

  it('reads permissions reference: 22 actions, 20 keys, the Secret resource type and 4 notes', () => {
    expect(seed000.title).to.equal('Secrets Manager');
    expect(seed000.actions).to.have.length(22);
    expect(seed000.conditionKeys).to.have.length(20);
    expect(seed000.resourceTypes.map((r) => r.name)).to.deep.equal(['Secret']);
    expect(seed000.notes.map((n) => n.title)).to.deep.equal([
      'Secrets Manager resources',
      'Block broad access to secrets with BlockPublicPolicy condition',
      'IP address conditions',
      'VPC endpoint conditions',
    ]);
  });
});

describe('parseSeed001', () => {
  it('reads the 19 actions of the Policy Sentry rendering', () => {
    expect(seed001.actions).to.have.length(19);
    const create = seed001.actions.find((a) => a.name === 'CreateSecret');
    expect(create?.accessLevel).to.equal('Write');
    expect(create?.resourceTypes).to.deep.equal([{ name: 'Secret', required: true }]);
    expect(create?.conditionKeys).to.include('aws:RequestTag/tag-key');
  });

  it('refuses an unknown access level', () => {
    const text = '# Demo\n## Privileges\n### Get\n- description: d\n- access level: Reading\n';
    expect(() => parseSeed001(text)).to.throw('Policy Sentry copy: `Get`: bad access level `Reading`');
  });
});

describe('crosscheckSeeds', () => {
  const report = crosscheckSeeds(seed000, seed001, { seed000: '000', seed001: '001' });

  it('finds the three replication actions missing from 001', () => {
    expect(report.actionsOnlyIn000).to.deep.equal(['RemoveRegionsFromReplication', 'ReplicateSecretToRegions', 'StopReplicationToReplica']);
    expect(report.actionsOnlyIn001).to.deep.equal([]);
  });

  it('treats `aws:RequestTag/tag-key` as `aws:RequestTag/${TagKey}`', () => {
    expect(report.keySpellings).to.deep.equal([{ seed001: 'aws:RequestTag/tag-key', seed000: 'aws:RequestTag/${TagKey}' }]);
    expect(report.keysMissingFrom001).to.not.include('aws:RequestTag/${TagKey}');
    expect(report.actions.CreateSecret.keysOnlyIn001).to.equal(undefined);
  });

  it('lists the keys 001 lacks', () => {
    expect(report.keysMissingFrom001).to.deep.equal([
      'aws:ResourceTag/${TagKey}',
      'secretsmanager:AddReplicaRegions',
      'secretsmanager:ForceOverwriteReplicaSecret',
      'secretsmanager:ModifyRotationRules',
      'secretsmanager:RotateImmediately',
      'secretsmanager:SecretPrimaryRegion',
    ]);
  });
});

describe('canonicalKeySpelling', () => {
  const table: [string, string][] = [
    ['aws:RequestTag/tag-key', 'aws:RequestTag/${TagKey}'],
    ['aws:ResourceTag/tag-key', 'aws:ResourceTag/${TagKey}'],
    ['secretsmanager:ResourceTag/tag-key', 'secretsmanager:ResourceTag/tag-key'],
    ['aws:TagKeys', 'aws:TagKeys'],
  ];
  for (const [input, want] of table) it(`spells \`${input}\` as \`${want}\``, () => expect(canonicalKeySpelling(input)).to.equal(want));
});

describe('primary access level rule', () => {
  const table: [string, string[]][] = [
    ['Write', ['Write']],
    ['Permissions management, Write', ['Permissions management', 'Write']],
    ['Tagging, Write', ['Tagging', 'Write']],
    ['Write, Tagging', ['Tagging', 'Write']],
    ['List', ['List']],
  ];
  for (const [input, want] of table) {
    it(`orders \`${input}\` as ${want.join(', ')}`, () => expect(orderAccessLevels(splitAccessLevels(input))).to.deep.equal(want));
  }
  it('refuses an unknown level', () => expect(() => splitAccessLevels('Read, Admin')).to.throw('unknown access level `Admin`'));
});

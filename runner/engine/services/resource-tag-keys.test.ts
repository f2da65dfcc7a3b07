import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../../../catalog/catalog';
import { resourceTagPrefixes, serviceResourceTagKey, serviceResourceTagPrefixes } from './resource-tag-keys';

/**
 * The table in resource-tag-keys.ts, derived from the catalog: for each service, the distinct
 * `PREFIX:ResourceTag/` spellings of its own (non-`aws:`) ResourceTag keys, whatever their case
 * (`ec2:ResourceTag/${TagKey}`, `ssm:resourceTag/tag-key`, `glacier:ResourceTag/`).
 */
function fromCatalog(): Record<string, string[]> {
  const catalog = loadCatalog();
  const out: Record<string, string[]> = {};
  for (const { prefix } of catalog.services()) {
    const spellings = new Set<string>();
    for (const { key } of catalog.conditionKeysOf!(prefix)) {
      const m = /^([^:]+:resourcetag\/)/i.exec(key);
      if (m && !m[1].toLowerCase().startsWith('aws:')) spellings.add(m[1]);
    }
    if (spellings.size > 0) out[prefix] = [...spellings].sort();
  }
  return out;
}

function render(table: Record<string, string[]>): string {
  return Object.entries(table)
    .map(([service, prefixes]) => `  '${service}': [${prefixes.map((p) => `'${p}'`).join(', ')}],`)
    .join('\n');
}

describe('service resource-tag keys', () => {
  it("are the catalog's, every service's own ResourceTag keys (regenerate: IAMSPEC_UPDATE_RESOURCE_TAG_KEYS=1)", () => {
    const fresh = fromCatalog();
    if (process.env.IAMSPEC_UPDATE_RESOURCE_TAG_KEYS === '1') {
      const file = join(__dirname, 'resource-tag-keys.ts');
      const text = readFileSync(file, 'utf8');
      const begin = text.indexOf('// BEGIN GENERATED\n') + '// BEGIN GENERATED\n'.length;
      const end = text.indexOf('  // END GENERATED');
      writeFileSync(file, `${text.slice(0, begin)}${render(fresh)}\n${text.slice(end)}`);
    }
    expect(resourceTagPrefixes).to.deep.equal(fresh);
  });

  it('include the keys AWS managed policies use', () => {
    expect(serviceResourceTagPrefixes('ec2').map((p) => p.spelling)).to.deep.equal(['ec2:ResourceTag/']);
    expect(serviceResourceTagPrefixes('ssm').map((p) => p.spelling)).to.deep.equal(['ssm:resourceTag/']);
    expect(serviceResourceTagPrefixes('iam').map((p) => p.spelling)).to.deep.equal(['iam:ResourceTag/']);
    // sts actions on a role read the role's tags as iam:ResourceTag/*.
    expect(serviceResourceTagPrefixes('sts').map((p) => p.spelling)).to.deep.equal(['iam:ResourceTag/']);
    for (const s of ['ecr', 'ecs', 'elasticmapreduce', 'autoscaling', 'secretsmanager'])
      expect(serviceResourceTagPrefixes(s), s).to.have.length(1);
    expect(serviceResourceTagPrefixes('lambda')).to.deep.equal([]);
  });

  const table: { name: string; service: string; key: string; want: string | undefined }[] = [
    { name: 'a service key in AWS spelling', service: 'ec2', key: 'ec2:resourcetag/inspectorec2exclusion', want: 'inspectorec2exclusion' },
    { name: 'a key of another service that the service lists', service: 'sts', key: 'iam:resourcetag/team', want: 'team' },
    { name: 'a key the service does not list', service: 'ec2', key: 'ecs:resourcetag/team', want: undefined },
    { name: 'a service without own tag keys', service: 'lambda', key: 'lambda:resourcetag/team', want: undefined },
    { name: 'the prefix alone names no tag', service: 'ec2', key: 'ec2:resourcetag/', want: undefined },
  ];
  for (const t of table) it(`finds the tag key of ${t.name}`, () => expect(serviceResourceTagKey(t.service, t.key)).to.equal(t.want));
});

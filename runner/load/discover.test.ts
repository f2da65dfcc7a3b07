import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverScenarios } from './discover';

describe('discoverScenarios', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'iamspec-discover-'));
    const files = [
      'cases/b.yaml',
      'cases/a.yml',
      'cases/sub/c.YAML',
      'cases/sub/policy.json',
      'cases/policies/shared.yaml',
      'cases/sub/policies/p.yml',
      'cases/.hidden/x.yaml',
      'cases/node_modules/m.yaml',
      'cases/notes.txt',
      'one.json',
      'json-only/policy.json',
    ];
    for (const f of files) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), 'expect: []\n');
    }
    symlinkSync(join(dir, 'cases'), join(dir, 'cases', 'sub', 'loop'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds .yaml and .yml files in folders, sorted, skipping policies folders, dot folders, node_modules and links', () => {
    expect(discoverScenarios(['cases'], dir)).to.deep.equal({
      value: [join('cases', 'a.yml'), join('cases', 'b.yaml'), join('cases', 'sub', 'c.YAML')],
      diagnostics: [],
    });
  });

  it('takes a named file whatever its extension, without duplicates', () => {
    expect(discoverScenarios(['one.json', 'cases/b.yaml', 'cases'], dir).value).to.deep.equal([join('cases', 'a.yml'), join('cases', 'b.yaml'), join('cases', 'sub', 'c.YAML'), 'one.json']);
  });

  it('reports a missing path', () => {
    const got = discoverScenarios(['nope'], dir);
    expect(got.diagnostics.map((d) => [d.code, d.message, d.file, d.help])).to.deep.equal([
      ['READ_ERROR', 'no such file or folder `nope`', 'nope', 'name scenario files or folders that hold them'],
    ]);
  });

  it('reports NO_SCENARIOS when a folder holds none', () => {
    const got = discoverScenarios(['json-only'], dir);
    expect(got.diagnostics.map((d) => [d.code, d.message, d.help])).to.deep.equal([
      ['NO_SCENARIOS', 'no scenario files found in `json-only`', 'scenario files end in `.yaml` or `.yml`; folders named `policies` are not searched'],
    ]);
  });
});

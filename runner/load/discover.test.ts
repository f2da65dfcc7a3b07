import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverScenarios, type DiscoverFs } from './discover';

/** An error as Node's file system throws it. */
function fsError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed`), { code });
}

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

  it('keeps a dangling scenario link, for the loader to report, and skips a link to a folder', () => {
    const links = join(dir, 'links');
    mkdirSync(join(links, 'folder.yaml'), { recursive: true });
    symlinkSync(join(dir, 'no-such-target.yaml'), join(links, 'gone.yaml'));
    symlinkSync(join(links, 'folder.yaml'), join(links, 'dir.yaml'));
    expect(discoverScenarios(['links'], dir)).to.deep.equal({ value: [join('links', 'gone.yaml')], diagnostics: [] });
  });

  it('refuses an empty path, which would name the working directory, and keeps the other paths', () => {
    for (const empty of ['', ' ']) {
      const got = discoverScenarios([empty, 'cases/b.yaml'], dir);
      expect(got.value).to.deep.equal([join('cases', 'b.yaml')]);
      expect(got.diagnostics.map((d) => [d.code, d.file, d.message])).to.deep.equal([
        ['READ_ERROR', `'${empty}'`, 'a path argument is empty'],
      ]);
    }
  });

  it('takes a named file whatever its extension, without duplicates', () => {
    expect(discoverScenarios(['one.json', 'cases/b.yaml', 'cases'], dir).value).to.deep.equal([
      join('cases', 'a.yml'),
      join('cases', 'b.yaml'),
      join('cases', 'sub', 'c.YAML'),
      'one.json',
    ]);
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
      [
        'NO_SCENARIOS',
        'no scenario files found in `json-only`',
        'scenario files end in `.yaml` or `.yml`; folders named `policies` are not searched',
      ],
    ]);
  });

  it('reports a path that cannot be read in words, not as missing', () => {
    const got = discoverScenarios([join('one.json', 'x')], dir);
    expect(got.diagnostics.map((d) => [d.code, d.message, d.file])).to.deep.equal([
      ['READ_ERROR', `cannot read \`${join('one.json', 'x')}\`: a file stands where a folder is needed`, join('one.json', 'x')],
    ]);
  });

  it('reports a folder below a named one that cannot be listed, and still lists the others', () => {
    // Tests run as root, which reads any folder, so the failure is injected.
    const fs: DiscoverFs = {
      readdir: (path) => {
        if (path === join(dir, 'cases', 'sub')) throw fsError('EACCES');
        return readdirSync(path, { withFileTypes: true });
      },
      stat: (path) => statSync(path),
    };
    const got = discoverScenarios(['cases'], dir, fs);
    expect(got.value).to.deep.equal([join('cases', 'a.yml'), join('cases', 'b.yaml')]);
    expect(got.diagnostics.map((d) => [d.code, d.severity, d.message, d.file, d.help])).to.deep.equal([
      [
        'READ_ERROR',
        'error',
        `cannot list the folder \`${join('cases', 'sub')}\`: permission denied`,
        join('cases', 'sub'),
        'make the folder readable, or name only the scenario files or folders to run',
      ],
    ]);
  });

  it('reports a named path whose stat fails for another reason with that reason', () => {
    const fs: DiscoverFs = {
      readdir: (path) => readdirSync(path, { withFileTypes: true }),
      stat: () => {
        throw fsError('EACCES');
      },
    };
    expect(discoverScenarios(['cases'], dir, fs).diagnostics.map((d) => d.message)).to.deep.equal([
      'cannot read `cases`: permission denied',
    ]);
  });
});

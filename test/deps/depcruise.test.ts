import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const depcruise = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const config = join(root, '.dependency-cruiser.cjs');

/** Runs depcruise with the project's config on a tiny tree written to a temp folder. */
function cruise(files: Record<string, string>): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'iamspec-deps-'));
  try {
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', strict: true } }));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const tops = [...new Set(Object.keys(files).map((p) => p.split('/')[0]))];
    const r = spawnSync(process.execPath, [depcruise, '--config', config, ...tops], { cwd: dir, encoding: 'utf8', timeout: 60000 });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('dependency directions (.dependency-cruiser.cjs)', () => {
  const cases: { name: string; files: Record<string, string>; rule: string }[] = [
    {
      name: 'the policy checker may not import the engine',
      files: {
        'runner/policy/check.ts': "import { f } from '../engine/f';\nexport const g = f;\n",
        'runner/engine/f.ts': 'export const f = 1;\n',
      },
      rule: 'policy-not-to-engine',
    },
    {
      name: 'the catalog may not import the runner',
      files: { 'catalog/catalog.ts': "import { f } from '../runner/f';\nexport const g = f;\n", 'runner/f.ts': 'export const f = 1;\n' },
      rule: 'catalog-is-data',
    },
    {
      name: 'lib/ may not import anything of ours',
      files: { 'lib/leaf.ts': "import { f } from '../catalog/f';\nexport const g = f;\n", 'catalog/f.ts': 'export const f = 1;\n' },
      rule: 'lib-is-a-leaf',
    },
    {
      name: 'the yaml-tree reader may not import the loader, model or policy parser it serves',
      files: {
        'runner/yaml-tree/nodes.ts': "import { f } from '../load/f';\nexport const g = f;\n",
        'runner/load/f.ts': 'export const f = 1;\n',
      },
      rule: 'yaml-tree-below-its-readers',
    },
    {
      name: 'the engine may not read files',
      files: { 'runner/engine/e.ts': "import { readFileSync } from 'node:fs';\nexport const g = readFileSync;\n" },
      rule: 'engine-is-pure',
    },
    {
      name: 'the engine may not import the loader',
      files: { 'runner/engine/e.ts': "import { f } from '../load/f';\nexport const g = f;\n", 'runner/load/f.ts': 'export const f = 1;\n' },
      rule: 'engine-is-pure',
    },
    {
      name: 'a reporter may not import the runner except through events.ts',
      files: { 'reports/console.ts': "import { f } from '../runner/f';\nexport const g = f;\n", 'runner/f.ts': 'export const f = 1;\n' },
      rule: 'reporters-through-events',
    },
    {
      name: 'production code may not import tests or fixtures',
      files: {
        'runner/plan.ts': "import { f } from './testdata/f';\nexport const g = f;\n",
        'runner/testdata/f.ts': 'export const f = 1;\n',
      },
      rule: 'production-not-to-tests',
    },
    {
      name: 'runtime import cycles are refused',
      files: {
        'runner/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
        'runner/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
      },
      rule: 'no-circular',
    },
  ];
  for (const c of cases) {
    it(`${c.name} (${c.rule})`, () => {
      const r = cruise(c.files);
      expect(r.status, r.output).to.not.equal(0);
      expect(r.output).to.include(`error ${c.rule}:`);
    });
  }

  it('accepts imports in the allowed directions', () => {
    const r = cruise({
      'reports/events.ts': "export { f } from '../runner/f';\n",
      'reports/console.ts': "import { f } from './events';\nexport const g = f;\n",
      'runner/f.ts': "import { suggest } from '../lib/suggest';\nexport const f = suggest;\n",
      'runner/policy/p.ts': "import { suggest } from '../../lib/suggest';\nexport const p = suggest;\n",
      'lib/suggest.ts': 'export const suggest = 1;\n',
      'runner/engine/types.ts': "import type { D } from './decide';\nexport type T = D;\n",
      'runner/engine/decide.ts': "import type { T } from './types';\nexport type D = string;\nexport const t: T | undefined = undefined;\n",
      'runner/diagnostics.ts': 'export type Span = { start: number };\n',
      'runner/yaml-tree/nodes.ts':
        "import type { Span } from '../diagnostics';\nimport { suggest } from '../../lib/suggest';\nexport const n: Span | number = suggest;\n",
      'runner/load/l.ts': "import { n } from '../yaml-tree/nodes';\nexport const l = n;\n",
      'runner/policy/q.ts': "import { n } from '../yaml-tree/nodes';\nexport const q = n;\n",
    });
    expect(r.status, r.output).to.equal(0);
  });
});

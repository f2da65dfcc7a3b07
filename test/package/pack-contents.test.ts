/**
 * The published package (`npm pack --dry-run`): what `files` in package.json puts in the tarball.
 * Nothing for development (tests, TypeScript sources, fixtures, the bench, source maps, docs but
 * the check pages), and everything the installed command reads: the compiled modules
 * `dist/runner/cli.js` reaches through `require`, the catalog data, the pinned AWS managed policies,
 * the scenario JSON Schema at the path editors are told to use, and `docs/checks/<CODE>.md`, which
 * `iamspec check --sarif` reads for each rule's help (runner/check/rule-docs.ts). The install itself is tested by `.ci/pack-test` in CI.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ensureBuilt, repoRoot, runCli } from '../hostile/support';

interface PackJson {
  files: { path: string }[];
}

/** The files `npm pack` would put in the tarball (no lifecycle scripts: `ensureBuilt` built `dist/`). */
function packedFiles(): Set<string> {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8' });
  expect(r.status, r.stderr).to.equal(0);
  const [pack] = JSON.parse(r.stdout) as PackJson[];
  return new Set(pack!.files.map((f) => f.path));
}

/**
 * Every local file the compiled `entry` loads, following relative `require(...)` calls through the
 * compiled JavaScript (tsc emits `require("./x")` for each import, JSON modules included).
 */
function runtimeClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!file.endsWith('.js')) return;
    // Static imports compile to `require("…")`; a command's module, imported when the command
    // runs (runner/cli-commands/), to `require('…')` inside a promise: both are loaded.
    for (const m of readFileSync(file, 'utf8').matchAll(/require\((["'])(\.{1,2}\/[^"']+)\1\)/g)) {
      const base = resolve(dirname(file), m[2]!);
      const found = [base, `${base}.js`, join(base, 'index.js')].find((p) => existsSync(p) && !p.endsWith('/'));
      expect(found, `${relative(repoRoot, file)} requires ${m[2]}`).to.be.a('string');
      visit(found!);
    }
  };
  visit(join(repoRoot, entry));
  return [...seen].map((p) => relative(repoRoot, p)).sort();
}

describe('the npm package (npm pack --dry-run)', function () {
  this.timeout(120_000);
  let files: Set<string>;
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Record<string, unknown>;
  before(() => {
    ensureBuilt();
    files = packedFiles();
  });

  const forbidden: { name: string; test: (path: string) => boolean }[] = [
    { name: 'TypeScript sources', test: (p) => /\.(c|m)?ts$/.test(p) },
    { name: 'tests', test: (p) => /\.test\.js$/.test(p) || p.startsWith('test/') || p.startsWith('dist/test/') },
    { name: 'test fixtures', test: (p) => p.split('/').includes('testdata') },
    { name: 'bench code', test: (p) => p.startsWith('bench/') || p.startsWith('dist/bench/') },
    { name: 'catalog generators', test: (p) => p.includes('catalog/refresh/') },
    { name: 'source maps', test: (p) => p.endsWith('.map') },
    {
      name: 'suites, examples, docs (but the check pages) or CI files of the repository',
      test: (p) =>
        /^(cases|examples|docs|policies|\.ci|\.github)\//.test(p) && !/^docs\/checks\/[A-Z0-9_]+\.md$|^docs\/checks\/README\.md$/.test(p),
    },
    { name: 'catalog cross-check reports', test: (p) => p.endsWith('.crosscheck.json') },
  ];
  for (const row of forbidden) {
    it(`holds no ${row.name}`, () => {
      expect([...files].filter(row.test)).to.deep.equal([]);
    });
  }

  it('holds the docs page of every finding code `iamspec check` reports (its SARIF rule help)', () => {
    const pages = [...files].filter((p) => p.startsWith('docs/checks/'));
    expect(pages.length).to.be.greaterThan(10);
    expect(pages.every((p) => p.endsWith('.md'))).to.equal(true);
  });

  it('holds every module the command loads, from its bin entry through each require', () => {
    const bin = (pkg.bin as Record<string, string>).iamspec!;
    const closure = runtimeClosure(bin);
    expect(closure).to.include('dist/runner/cli.js');
    expect(closure).to.include('dist/runner/load/scenario.schema.json');
    // Reached only through the commands' lazy imports.
    for (const lazy of ['dist/runner/test-command.js', 'dist/runner/check/check-command.js', 'dist/runner/diff/diff-command.js'])
      expect(closure).to.include(lazy);
    expect(closure.length).to.be.greaterThan(50);
    expect(closure.filter((p) => !files.has(p))).to.deep.equal([]);
  });

  it('holds the load worker of `--jobs` and every module it loads (it is started by path, not required)', () => {
    const closure = runtimeClosure('dist/runner/load-worker.js');
    expect(closure).to.include('dist/runner/pipeline.js');
    expect(closure.filter((p) => !files.has(p))).to.deep.equal([]);
  });

  it('holds the catalog data: the index, the global keys and every service file the index lists', () => {
    const index = JSON.parse(readFileSync(join(repoRoot, 'catalog/data/index.json'), 'utf8')) as { services: { prefix: string }[] };
    const wanted = [
      'catalog/data/index.json',
      'catalog/data/global-keys.json',
      ...index.services.map((s) => `catalog/data/services/${s.prefix}.json`),
    ];
    expect(index.services.length).to.be.greaterThan(400);
    expect(wanted.filter((p) => !files.has(p))).to.deep.equal([]);
  });

  it('holds the pinned AWS managed policies, the scenario and JSON report schemas at their documented paths, README and LICENSE', () => {
    for (const path of [
      'catalog/data/managed-policies.json.gz',
      'runner/load/scenario.schema.json',
      'reports/schemas/json-report.schema.json',
      'README.md',
      'LICENSE',
      'package.json',
    ]) {
      expect(files.has(path), path).to.equal(true);
    }
  });

  it('the suite .ci/pack-test runs in the installed package passes here too (a managed policy by ARN, a .json policy file)', () => {
    const r = runCli(['test', '.ci/pack-fixture/cases', '--strict'], repoRoot);
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.match(/\n5 passed, 0 failed \(/);
    const scenario = readFileSync(join(repoRoot, '.ci/pack-fixture/cases/installed.yaml'), 'utf8');
    expect(scenario).to.include('arn:aws:iam::aws:policy/');
    expect(scenario).to.match(/file: \.\.\/policies\/[a-z-]+\.json\n/);
  });

  it('CI runs the install test after npm test', () => {
    const lines = readFileSync(join(repoRoot, '.ci/run'), 'utf8').split('\n');
    expect(lines.indexOf('.ci/pack-test')).to.be.greaterThan(lines.indexOf('npm test'));
    expect(lines.indexOf('npm test')).to.be.greaterThan(-1);
  });

  it('is publishable: not private, MIT licensed, with repository, keywords and a Node.js engine range', () => {
    expect(pkg.private).to.equal(undefined);
    expect(pkg.license).to.equal('MIT');
    expect(readFileSync(join(repoRoot, 'LICENSE'), 'utf8')).to.match(/^MIT License\n\nCopyright \(c\) \d{4} iamspec contributors\n/);
    expect(pkg.repository)
      .to.have.property('url')
      .that.matches(/^git\+https:\/\/github\.com\/.+\.git$/);
    expect(pkg.keywords).to.include.members(['aws', 'iam']);
    expect(pkg.engines).to.have.property('node');
  });
});

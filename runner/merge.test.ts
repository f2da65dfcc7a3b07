/**
 * `iamspec merge`: refusals (YAML table, whole stderr), the round trip of one report, and the
 * acceptance property: a sharded run merged equals the unsharded run, times and timestamps aside.
 */
import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadCatalog } from '../catalog/catalog';
import { junitSchemaErrors } from '../reports/testdata/junit-schema';
import { evaluate } from './engine/evaluate';
import { mergeCommand } from './merge-command';
import { asElement, readJunitReport, type XmlElement } from './merge-read';
import { checkPolicyWithCatalog } from './policy/check-catalog';
import { testCommand } from './test-command';

interface RefusalFixture {
  name: string;
  out?: string;
  /** File name → content; `null`: the file does not exist. */
  inputs: Record<string, string | null>;
  stderr: string;
}

const repo = join(__dirname, '..');
const refusals = parse(readFileSync(join(__dirname, 'testdata', 'merge.yaml'), 'utf8')) as RefusalFixture[];

describe('iamspec merge', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'iamspec-merge-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('refuses what it cannot merge, at the position', () => {
    refusals.forEach((t, i) => {
      it(t.name, () => {
        const cwd = join(dir, `refuse-${i}`);
        for (const [name, text] of Object.entries(t.inputs)) if (text !== null) writeFixture(join(cwd, name), text);
        const out = t.out ?? 'merged.xml';
        const r = mergeCommand({ out, inputs: Object.keys(t.inputs), cwd });
        expect(r.stderr).to.equal(t.stderr);
        expect(r.exitCode).to.equal(2);
        expect(r.stdout).to.equal('');
        if (t.out === undefined) expect(existsSync(join(cwd, out))).to.equal(false);
      });
    });
  });

  it('writes one report back unchanged (a round trip through the parser)', async () => {
    const text = readFileSync(join(repo, 'reports', 'testdata', 'mixed.junit.xml'), 'utf8');
    writeFixture(join(dir, 'trip', 'in.xml'), text);
    const r = mergeCommand({ out: 'out.xml', inputs: ['in.xml'], cwd: join(dir, 'trip') });
    expect(r.stderr).to.equal('');
    expect(r.stdout).to.equal('merged 1 report into `out.xml`: 3 suites, 8 test cases\n');
    const merged = readFileSync(join(dir, 'trip', 'out.xml'), 'utf8');
    expect(merged).to.equal(text);
    expect(await junitSchemaErrors(merged)).to.deep.equal([]);
  });

  it('merges a sharded run into the unsharded run (times aside), failures and an unusable file included', async () => {
    const catalog = loadCatalog();
    const paths = ['cases', 'examples/failing', 'runner/testdata/filter/cases', 'runner/testdata/merge/broken.yaml'];
    const run = (junit: string, shard?: { index: number; count: number }): Promise<number> =>
      testCommand({
        paths,
        cwd: repo,
        catalog,
        evaluate,
        checkPolicy: checkPolicyWithCatalog,
        reports: [{ name: 'junit', destination: { kind: 'file', path: join(dir, junit) } }],
        stdout: () => {},
        stderr: () => {},
        ...(shard ? { shard } : {}),
      });
    expect(await run('whole.xml')).to.equal(2);
    const count = 3;
    for (let index = 1; index <= count; index++) expect(await run(`shard-${index}.xml`, { index, count })).to.equal(2);
    const shards = Array.from({ length: count }, (_, i) => `shard-${i + 1}.xml`);
    const r = mergeCommand({ out: 'merged.xml', inputs: shards, cwd: dir });
    expect(r.stderr).to.equal('');
    expect(r.exitCode).to.equal(0);
    const merged = readFileSync(join(dir, 'merged.xml'), 'utf8');
    expect(await junitSchemaErrors(merged)).to.deep.equal([]);
    const whole = readFileSync(join(dir, 'whole.xml'), 'utf8');
    expect(canonical(merged, 'merged.xml')).to.deep.equal(canonical(whole, 'whole.xml'));
    // Each shard ran a third of the cases: the merge did combine, not copy one shard.
    const sizes = shards.map((s) => (readFileSync(join(dir, s), 'utf8').match(/<testcase /g) ?? []).length);
    expect(Math.max(...sizes)).to.be.below((whole.match(/<testcase /g) ?? []).length);
  });
});

/** Writes a fixture file, creating its folder. */
function writeFixture(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

/**
 * A report as comparable data: times and timestamps removed, each suite's cases ordered by name
 * (a merged suite lists its cases shard by shard; docs/ci.md says so).
 */
function canonical(xml: string, file: string): unknown {
  const report = readJunitReport(xml, file);
  expect(report.diagnostics).to.deep.equal([]);
  const strip = (e: XmlElement): unknown => {
    const attributes = { ...e.attributes };
    delete attributes.time;
    delete attributes.timestamp;
    return { tag: e.tag, attributes, children: e.children.map((n) => ('#text' in n ? n['#text'] : strip(asElement(n)!))) };
  };
  return report.value!.suites.map((s) => ({
    suite: strip({ ...s.element, children: [] }),
    properties: strip(s.properties),
    out: s.systemOut,
    err: s.systemErr,
    cases: s.cases.map((c) => strip(c.element)).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
  }));
}

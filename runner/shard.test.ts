/**
 * `--shard I/N`: parsing, the split's invariants (property-based: every case in exactly one
 * shard, balanced, independent of file order) and its balance over the shipped cases.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadCatalog } from '../catalog/catalog';
import type { SuiteInfo } from '../reports/events';
import { planRun } from './pipeline';
import type { TestCase } from './plan';
import type { SuitePlan } from './run';
import { assignShards, parseShard, shardKey, slicePlans } from './shard';

interface ParseFixture {
  name: string;
  input: string;
  want: { index: number; count: number } | { error: string };
}

const repo = join(__dirname, '..');

/** Seeded and bounded, as test/properties/engine.test.ts. */
const params: fc.Parameters<unknown> = {
  seed: Number(process.env.IAMSPEC_FC_SEED ?? 0x5ba4d),
  numRuns: Number(process.env.IAMSPEC_FC_RUNS ?? 200),
};

/** A plan of named cases (only names and the file matter to sharding). */
function suite(file: string, names: readonly string[]): SuitePlan {
  const info: SuiteInfo = { name: file, file };
  return { kind: 'cases', suite: info, cases: names.map((name) => ({ name }) as TestCase), warnings: [] };
}

/** `file › name` of every case in the plans. */
function keysOf(plans: readonly SuitePlan[]): string[] {
  return plans.flatMap((p) => (p.kind === 'cases' ? p.cases.map((c) => `${p.suite.file} › ${c.name}`) : []));
}

describe('parseShard', () => {
  const table = parse(readFileSync(join(__dirname, 'testdata', 'shard.yaml'), 'utf8')) as ParseFixture[];
  for (const t of table) it(t.name, () => expect(parseShard(t.input)).to.deep.equal('error' in t.want ? t.want : { value: t.want }));
});

describe('sharding', () => {
  const suitesArb = fc
    .uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 6 })
    .chain((files) =>
      fc.tuple(...files.map((f) => fc.uniqueArray(fc.string({ maxLength: 20 }), { maxLength: 30 }).map((names) => suite(f, names)))),
    );

  it('puts every case of any run in exactly one of N shards, with sizes differing by at most one', () => {
    fc.assert(
      fc.property(suitesArb, fc.integer({ min: 1, max: 12 }), (plans, count) => {
        const whole = keysOf(plans);
        const shards = Array.from({ length: count }, (_, i) => keysOf(slicePlans(plans, { index: i + 1, count })));
        const union = shards.flat();
        expect([...union].sort()).to.deep.equal([...whole].sort());
        expect(new Set(union).size).to.equal(union.length);
        const sizes = shards.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).to.be.at.most(1);
      }),
      params,
    );
  });

  it('gives a case the same shard whatever the order of the files', () => {
    fc.assert(
      fc.property(suitesArb, fc.integer({ min: 1, max: 8 }), (plans, count) => {
        const reversed = [...plans].reverse();
        for (let index = 1; index <= count; index++) {
          const a = keysOf(slicePlans(plans, { index, count })).sort();
          const b = keysOf(slicePlans(reversed, { index, count })).sort();
          expect(a).to.deep.equal(b);
        }
      }),
      params,
    );
  });

  it('keeps a case order within a suite and unusable files in every shard', () => {
    const error: SuitePlan = { kind: 'error', suite: { name: 'broken', file: 'broken.yaml' }, diagnostics: [] };
    const plans = [suite('a.yaml', ['1', '2', '3', '4', '5', '6']), error];
    for (let index = 1; index <= 3; index++) {
      const sliced = slicePlans(plans, { index, count: 3 });
      expect(sliced[1]).to.equal(error);
      const names = keysOf(sliced).map((k) => k.slice('a.yaml › '.length));
      expect(names).to.deep.equal([...names].sort());
    }
  });

  it('is pinned: the split of known keys does not change between versions', () => {
    // A change of hash would move cases between CI jobs mid-rollout. SHA-256 of `x.yaml\0NAME`
    // starts 0b6c… (a), 179c… (e), 3176… (c), 4469… (f), 65a1… (d), 8f69… (g), ee79… (b):
    // dealt round-robin over 3 shards, a f b → 1, e d → 2, c g → 3.
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    expect(
      assignShards(
        names.map((n) => shardKey('x.yaml', n)),
        3,
      ),
    ).to.deep.equal([1, 1, 3, 2, 2, 1, 3]);
    expect(shardKey('cases\\a.yaml', 'n')).to.equal(shardKey('cases/a.yaml', 'n'));
  });

  it('balances the shipped cases over 2 to 8 shards and every file is spread', () => {
    const planned = planRun({ paths: ['cases'], cwd: repo, catalog: loadCatalog() });
    if (planned.kind !== 'planned') throw new Error('the shipped cases must plan');
    const whole = keysOf(planned.run.plans);
    expect(whole.length).to.be.greaterThan(100);
    for (let count = 2; count <= 8; count++) {
      const sizes: number[] = [];
      for (let index = 1; index <= count; index++) sizes.push(keysOf(slicePlans(planned.run.plans, { index, count })).length);
      expect(
        sizes.reduce((a, b) => a + b, 0),
        `N=${count}`,
      ).to.equal(whole.length);
      expect(Math.max(...sizes) - Math.min(...sizes), `N=${count}: ${sizes.join(' ')}`).to.be.at.most(1);
    }
    // A hash, not file order, decides: the largest file's cases land in both halves.
    const largest = [...planned.run.plans].sort((a, b) => keysOf([b]).length - keysOf([a]).length)[0];
    for (let index = 1; index <= 2; index++) expect(keysOf(slicePlans([largest], { index, count: 2 })).length).to.be.greaterThan(0);
  });
});

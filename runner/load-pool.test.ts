import { expect } from 'chai';
import { join } from 'node:path';
import { loadCatalog } from '../catalog/catalog';
import { defineFixtureTests, readFixtureCases, type FixtureFocus } from '../test/support/fixture-tests';
import type { CaseFilters } from './filter';
import { discoverScenarios } from './load/discover';
import { nullPrototypeObjects, type FileOutcome } from './load-pool-messages';
import { AUTO_MAX_WORKERS, AUTO_MIN_BYTES, buildFilesPooled, parseJobs, poolPlan, poolSize, type Jobs } from './load-pool';
import { buildFile, planRun, planRunAsync, type PipelineOptions, type PipelineResult } from './pipeline';
import { checkPolicyWithCatalog } from './policy/check-catalog';
import type { Shard } from './shard';

const repo = join(__dirname, '..');
const dir = join(__dirname, 'testdata', 'load-pool');
const catalog = loadCatalog();

interface EquivalenceCase extends FixtureFocus {
  paths: string[];
  strict?: boolean;
  grep?: string;
  filters?: CaseFilters;
  shard?: Shard;
}

interface BrokenWorkerCase extends FixtureFocus {
  script: string;
  inProcess?: 'all';
}

/** What a pipeline result holds, with Maps as entry lists so their order is compared too. */
function comparable(r: PipelineResult): unknown {
  if (r.kind === 'stopped') return { ...r, sources: [...r.sources] };
  return { ...r, run: { ...r.run, sources: [...r.run.sources] } };
}

describe('loading files on a worker pool (runner/load-pool.ts)', function () {
  // Each pooled run starts two workers that compile the TypeScript sources with ts-node.
  this.timeout(120_000);

  describe('plans exactly as in process', () => {
    defineFixtureTests(readFixtureCases<EquivalenceCase>(join(dir, 'equivalence.yaml')), async (c) => {
      const options: PipelineOptions = {
        paths: c.paths,
        cwd: repo,
        catalog,
        checkPolicy: checkPolicyWithCatalog,
        strict: c.strict,
        grep: c.grep,
        filters: c.filters,
        shard: c.shard,
      };
      const files = discoverScenarios(c.paths, repo).value!;
      expect(poolPlan(files, { ...options, jobs: 2 })?.size, 'a pool of two workers is used').to.equal(2);
      const inProcess = planRun(options);
      const pooled = await planRunAsync({ ...options, jobs: 2 });
      expect(comparable(pooled)).to.deep.equal(comparable(inProcess));
      // Null-prototype dictionaries (context, tags) stay so after the structured clone.
      const nulls = (r: PipelineResult): number => nullPrototypeObjects(r.kind === 'planned' ? r.run.built : []).length;
      expect(nulls(pooled)).to.equal(nulls(inProcess));
    });
  });

  describe('a worker that fails never loses a file', () => {
    const files = [
      'cases/secretsmanager/explicit-deny.yaml',
      'cases/iam/ec2-instance-role.yaml',
      'examples/failing',
      'cases/terraform',
    ].flatMap((p) => discoverScenarios([p], repo).value!);
    const options = { cwd: repo, catalog, checkPolicy: checkPolicyWithCatalog, strict: false };
    const local = (file: string): FileOutcome => {
      const read = new Map<string, string>();
      return { built: buildFile(file, options, read), sources: [...read] };
    };
    const want = files.map(local);
    defineFixtureTests(readFixtureCases<BrokenWorkerCase>(join(dir, 'broken-workers.yaml')), async (c) => {
      const plan = poolPlan(files, { ...options, jobs: 2 })!;
      let loadedHere = 0;
      const got = await buildFilesPooled(files, { ...plan, script: join(dir, c.script) }, (file) => {
        loadedHere++;
        return local(file);
      });
      expect(got).to.deep.equal(want);
      if (c.inProcess === 'all') expect(loadedHere).to.equal(files.length);
    });

    it('rejects with what loading in process throws (a bug), as the sequential path does', async () => {
      const plan = poolPlan(files, { ...options, jobs: 2 })!;
      const bug = new Error('a bug while building');
      const pooled = buildFilesPooled(files, { ...plan, script: join(dir, 'workers', 'replies-failed.js') }, () => {
        throw bug;
      });
      let caught: unknown;
      await pooled.catch((e: unknown) => void (caught = e));
      expect(caught).to.equal(bug);
    });
  });

  describe('poolPlan', () => {
    const files = discoverScenarios(['cases'], repo).value!;
    const table: {
      name: string;
      jobs: Jobs | undefined;
      files: string[];
      check?: typeof checkPolicyWithCatalog;
      want: number | undefined;
    }[] = [
      { name: 'no jobs: in process', jobs: undefined, files, want: undefined },
      { name: '--jobs 1: in process', jobs: 1, files, want: undefined },
      { name: '--jobs 3: three workers', jobs: 3, files, want: 3 },
      { name: 'auto on cases/ (under 1 MB): in process', jobs: 'auto', files, want: undefined },
      { name: 'one file: in process whatever --jobs says', jobs: 4, files: files.slice(0, 1), want: undefined },
      {
        name: 'a policy check that has no name: in process',
        jobs: 2,
        files,
        check: (() => []) as typeof checkPolicyWithCatalog,
        want: undefined,
      },
    ];
    for (const t of table) {
      it(t.name, () => {
        const plan = poolPlan(t.files, { jobs: t.jobs, cwd: repo, catalog, checkPolicy: t.check ?? checkPolicyWithCatalog });
        expect(plan?.size).to.equal(t.want);
      });
    }

    it('hands out the largest files first', () => {
      const plan = poolPlan(files, { jobs: 2, cwd: repo, catalog })!;
      expect([...plan.order].sort((a, b) => a - b)).to.deep.equal(files.map((_, i) => i));
      expect(plan.setup.check).to.equal(undefined);
      expect(poolPlan(files, { jobs: 2, cwd: repo, catalog, checkPolicy: checkPolicyWithCatalog })!.setup.check).to.equal('catalog');
    });
  });

  describe('poolSize', () => {
    const table: { name: string; jobs: Jobs; files: number; bytes: number; cores: number; want: number }[] = [
      { name: 'auto, small files: in process', jobs: 'auto', files: 20, bytes: AUTO_MIN_BYTES - 1, cores: 16, want: 1 },
      { name: 'auto, 2 cores: in process', jobs: 'auto', files: 91, bytes: 10_000_000, cores: 2, want: 1 },
      { name: 'auto, 3 cores', jobs: 'auto', files: 91, bytes: 10_000_000, cores: 3, want: 3 },
      { name: 'auto, 16 cores: at most 8', jobs: 'auto', files: 91, bytes: 10_000_000, cores: 16, want: AUTO_MAX_WORKERS },
      { name: 'auto, fewer files than cores', jobs: 'auto', files: 3, bytes: AUTO_MIN_BYTES, cores: 16, want: 3 },
      { name: 'a number: as many, whatever the size', jobs: 4, files: 20, bytes: 10, cores: 2, want: 4 },
      { name: 'a number: never more than the files', jobs: 64, files: 5, bytes: 10, cores: 2, want: 5 },
    ];
    for (const t of table) it(t.name, () => expect(poolSize(t.jobs, t.files, t.bytes, t.cores)).to.equal(t.want));
  });

  describe('parseJobs', () => {
    const table: { input: string; want: { value: Jobs } | { error: string } }[] = [
      { input: 'auto', want: { value: 'auto' } },
      { input: 'AUTO', want: { value: 'auto' } },
      { input: '1', want: { value: 1 } },
      { input: ' 4 ', want: { value: 4 } },
      { input: '0', want: { error: '`0`: the number of workers must be at least 1 (`1` loads the files in process)' } },
      { input: '-2', want: { error: '`-2` is not a number of workers: expected a whole number such as `4`, or `auto`' } },
      { input: '1.5', want: { error: '`1.5` is not a number of workers: expected a whole number such as `4`, or `auto`' } },
      { input: 'many', want: { error: '`many` is not a number of workers: expected a whole number such as `4`, or `auto`' } },
      { input: '', want: { error: '`` is not a number of workers: expected a whole number such as `4`, or `auto`' } },
      { input: '5000', want: { error: '`5000`: too many workers; `auto` sizes the pool to the machine' } },
    ];
    for (const t of table) it(JSON.stringify(t.input), () => expect(parseJobs(t.input)).to.deep.equal(t.want));
  });
});

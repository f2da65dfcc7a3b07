/**
 * End-to-end: `--jobs` (runner/load-pool.ts). The BUILT command loading files on two worker
 * threads (the compiled runner/load-worker.js, as installed) writes the same console output,
 * diagnostics, exit code and reports as loading them in process; only times differ, so they are
 * normalised. A bad `--jobs` is a usage error.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../runner/cli';
import { ensureBuilt, repoRoot, runCli } from '../hostile/support';

/** The run without its clock: JUnit times and timestamps, JSON times, the console's duration. */
function timeless(text: string): string {
  return text
    .replace(/\btime="[0-9.]+"/g, 'time="T"')
    .replace(/\btimestamp="[^"]*"/g, 'timestamp="T"')
    .replace(/"(durationMs|time|timestamp|startedAt|endedAt)": ?("[^"]*"|[0-9.]+)/g, '"$1": "T"')
    .replace(/\((\d+(\.\d+)?m?s)\)$/gm, '(T)');
}

describe('iamspec test --jobs (built CLI)', function () {
  this.timeout(120_000);
  let out: string;
  before(() => {
    ensureBuilt();
    out = mkdtempSync(join(tmpdir(), 'iamspec-jobs-'));
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  const table: { name: string; paths: string[]; exit: number }[] = [
    { name: 'the shipped suites and a failing one', paths: ['cases', 'examples'], exit: 1 },
    { name: 'broken and odd files (errors, warnings, `only: true`)', paths: ['test/e2e/testdata', 'runner/load/testdata'], exit: 2 },
  ];
  for (const t of table) {
    it(`${t.name}: --jobs 2 writes what --jobs 1 writes`, () => {
      const runs = ['1', '2'].map((jobs) => {
        const junit = join(out, `junit-${jobs}.xml`);
        const json = join(out, `report-${jobs}.json`);
        const r = runCli(['test', ...t.paths, '--jobs', jobs, '--junit', junit, '--json', json], repoRoot);
        return {
          status: r.status,
          stdout: timeless(r.stdout),
          stderr: r.stderr,
          junit: timeless(readFileSync(junit, 'utf8')),
          json: timeless(readFileSync(json, 'utf8')),
        };
      });
      expect(runs[0]!.status, runs[0]!.stderr).to.equal(t.exit);
      expect(runs[0]!.junit).to.include('<testcase');
      expect(runs[1]).to.deep.equal(runs[0]);
    });
  }

  it('matrix --jobs 2 writes the committed ACCESS.md', () => {
    const r = runCli(['matrix', 'cases', '--jobs', '2', '--check', 'ACCESS.md'], repoRoot);
    expect(r.stdout + r.stderr).to.equal('ACCESS.md matches the suites\n');
    expect(r.status).to.equal(0);
  });
});

describe('iamspec --jobs on the command line', () => {
  const table: { args: string[]; stderr: string }[] = [
    {
      args: ['test', '--jobs', '0'],
      stderr:
        "error: option '--jobs <n>' argument '0' is invalid. `0`: the number of workers must be at least 1 (`1` loads the files in process)\n",
    },
    {
      args: ['test', '--jobs', 'half'],
      stderr:
        "error: option '--jobs <n>' argument 'half' is invalid. `half` is not a number of workers: expected a whole number such as `4`, or `auto`\n",
    },
    {
      args: ['matrix', '--jobs', '-1'],
      stderr:
        "error: option '--jobs <n>' argument '-1' is invalid. `-1` is not a number of workers: expected a whole number such as `4`, or `auto`\n",
    },
  ];
  for (const t of table) {
    it(`${t.args.join(' ')}: exit 2 with the reason`, async () => {
      let stderr = '';
      const code = await main(t.args, { stdout: () => {}, stderr: (s) => void (stderr += s), cwd: repoRoot });
      expect(code).to.equal(2);
      expect(stderr.split('\n')[0] + '\n').to.equal(t.stderr);
    });
  }
});

/**
 * End-to-end on the BUILT command: `--shard`, the filters, `iamspec merge`, and `--watch`
 * (spawned on a temp folder: a policy edit turns the rerun from pass to fail; Ctrl-C exits 130).
 * No timed assertions: output is awaited with a generous timeout.
 */
import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { junitSchemaErrors } from '../../reports/testdata/junit-schema';
import { ensureBuilt } from '../hostile/support';

const repo = join(__dirname, '..', '..');
const cli = join(repo, 'dist', 'runner', 'cli.js');

function iamspec(args: string[], cwd = repo): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const scenario = `name: Watched
policies:
  read: { file: policies/read.json }
principals:
  app:
    arn: arn:aws:iam::111122223333:role/app
    policies: [read]
expect:
  - name: app lists buckets
    principal: app
    allow: [s3:ListAllMyBuckets]
`;

/** A suite that reads no policy file. */
const other = `name: Other
principals:
  bob: { arn: "arn:aws:iam::111122223333:user/bob" }
expect:
  - principal: bob
    implicitDeny: [iam:ListRoles]
`;

const policy = (effect: string): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: 's3:ListAllMyBuckets', Resource: '*' }] }, null, 2) + '\n';

describe('iamspec test --shard, filters, merge and --watch (built CLI)', function () {
  this.timeout(120_000);
  let out: string;

  before(() => {
    ensureBuilt();
    out = mkdtempSync(join(tmpdir(), 'iamspec-shard-'));
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('refuses a malformed --shard with exit 2 and says what is expected', () => {
    for (const [arg, message] of [
      ['0/4', '`0/4`: the shard must be between 1 and 4'],
      ['1of4', '`1of4` is not a shard: expected `I/N` such as `2/4`'],
    ]) {
      const r = iamspec(['test', '--shard', arg]);
      expect(r.code, arg).to.equal(2);
      expect(r.stderr, arg).to.include(message);
    }
  });

  it('runs an empty shard as a success that says so, unlike a filter that matches nothing', () => {
    const empty = iamspec(['test', 'runner/testdata/filter/cases', '--shard', '8/8']);
    expect(empty.stderr).to.equal('');
    expect(empty.code).to.equal(0);
    expect(empty.stdout).to.include('shard 8/8: no test case (7 in 8 shards); nothing to run here\n');
    const none = iamspec(['test', 'runner/testdata/filter/cases', '--principal', 'bob', '--resource', 'data']);
    expect(none.code).to.equal(2);
    expect(none.stderr).to.include('no test case ran [NO_CASES]');
    expect(none.stderr).to.include('no test case matches `--principal bob --resource data`');
  });

  it('filters by principal and action pattern on the command line', () => {
    const r = iamspec([
      'test',
      'runner/testdata/filter/cases',
      '--principal',
      'app',
      '--action',
      's3:get*',
      '--action',
      'secretsmanager:Describe*',
    ]);
    expect(r.stderr).to.equal('');
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/\n2 passed, 0 failed/);
  });

  it('merges the two shard reports of the shipped cases into one valid report with every case', async () => {
    const shards = [1, 2].map((i) => join(out, `shard-${i}.xml`));
    shards.forEach((file, i) => {
      const r = iamspec(['test', '--shard', `${i + 1}/2`, '--junit', file]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.match(new RegExp(`shard ${i + 1}/2: \\d+ of \\d+ test cases\\n`));
    });
    const whole = iamspec(['test', '--junit', join(out, 'whole.xml')]);
    expect(whole.code).to.equal(0);
    const r = iamspec(['merge', join(out, 'merged.xml'), ...shards]);
    expect(r.stderr).to.equal('');
    expect(r.code).to.equal(0);
    const merged = readFileSync(join(out, 'merged.xml'), 'utf8');
    expect(await junitSchemaErrors(merged)).to.deep.equal([]);
    // Attributes read one by one: their order and other attributes (file, line) do not matter here.
    const attribute = (tag: string, name: string): string => new RegExp(` ${name}="([^"]*)"`).exec(tag)?.[1] ?? '';
    const cases = (xml: string): string[] =>
      [...xml.matchAll(/<testcase [^>]*>/g)].map((m) => `${attribute(m[0], 'classname')} ${attribute(m[0], 'name')}`).sort();
    expect(cases(merged)).to.deep.equal(cases(readFileSync(join(out, 'whole.xml'), 'utf8')));
    expect(r.stdout).to.match(/^merged 2 reports into `.*merged\.xml`: \d+ suites, \d+ test cases\n$/);
  });

  it('--watch reruns when a policy file changes (pass, then fail), rewrites the report, and exits 130 on Ctrl-C', async () => {
    const dir = join(out, 'watched');
    mkdirSync(join(dir, 'cases', 'policies'), { recursive: true });
    writeFileSync(join(dir, 'cases', 'app.yaml'), scenario);
    writeFileSync(join(dir, 'cases', 'policies', 'read.json'), policy('Allow'));
    const child = spawn(process.execPath, [cli, 'test', '--watch', '--junit', 'junit.xml'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const waitFor = async (pattern: RegExp, from: number): Promise<void> => {
      for (let waited = 0; !pattern.test(stdout.slice(from)); waited += 50) {
        if (waited > 60_000 || child.exitCode !== null) throw new Error(`waiting for ${pattern}; stdout:\n${stdout}\nstderr:\n${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await waitFor(/1 passed, 0 failed[^]*watching 2 files for changes \(Ctrl-C to exit\)\n/, 0);
      expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).to.include('failures="0"');
      const mark = stdout.length;
      writeFileSync(join(dir, 'cases', 'policies', 'read.json'), policy('Deny'));
      await waitFor(/watching 2 files/, mark);
      const rerun = stdout.slice(mark);
      expect(rerun).to.include('changed: cases/policies/read.json; rerunning 1 suite\n');
      expect(rerun).to.match(/0 passed, 1 failed/);
      expect(rerun).to.include('expected allow, got explicitDeny');
      expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).to.include('failures="1"');
      // A new scenario file: discovery runs again, so every suite reruns.
      const again = stdout.length;
      writeFileSync(join(dir, 'cases', 'more.yaml'), other);
      await waitFor(/watching \d+ files/, again);
      expect(stdout.slice(again)).to.include('changed: cases/more.yaml; rerunning every suite\n');
      expect(stdout.slice(again), stdout.slice(again)).to.match(/1 passed, 1 failed/);
      // Only the suite that reads the policy file reruns now, not the new one.
      const third = stdout.length;
      writeFileSync(join(dir, 'cases', 'policies', 'read.json'), policy('Allow'));
      await waitFor(/watching \d+ files/, third);
      expect(stdout.slice(third), stdout.slice(third)).to.include('changed: cases/policies/read.json; rerunning 1 suite\n');
      expect(stdout.slice(third)).to.include('Watched  cases/app.yaml');
      expect(stdout.slice(third)).not.to.include('Other');
      expect(stdout.slice(third)).to.match(/\n1 passed, 0 failed/);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).to.equal(130);
    expect(stderr).to.equal('');
  });
});

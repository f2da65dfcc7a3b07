/**
 * End-to-end, for CI use: the built command's help, `--fail-on-warn`, where reports may be
 * written (never over an input, a special file or another report), and the signals CI sends.
 */
import { expect } from 'chai';
import { existsSync, lstatSync, mkdtempSync, openSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { cliPath, ensureBuilt, makeTemp, removeTemp, repoRoot, runCli } from '../hostile/support';

describe('iamspec in CI (built CLI)', function () {
  this.timeout(60_000);
  let out: string;
  before(() => {
    ensureBuilt();
    out = makeTemp('ci');
  });
  after(() => removeTemp(out));

  it('`iamspec help` and `iamspec help test` print the help and exit 0', () => {
    const top = runCli(['help'], repoRoot);
    expect(top.status, top.stderr).to.equal(0);
    expect(top.stdout).to.include('Usage: iamspec');
    const test = runCli(['help', 'test'], repoRoot);
    expect(test.status).to.equal(0);
    expect(test.stdout).to.include('Usage: iamspec test');
    expect(test.stdout).to.include('--fail-on-warn');
  });

  it('--fail-on-warn fails on a warning as --strict does', () => {
    const r = runCli(['test', 'test/e2e/testdata/warning', '--fail-on-warn'], repoRoot);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.include('unknown-action-in-policy.yaml:8:49: error: policy `typo`');
  });

  describe('never destroys a file with a report', () => {
    const scenario = 'cases/secretsmanager/payments.yaml';
    const rows: { name: string; args: (dir: string) => string[]; message: string }[] = [
      {
        name: 'refuses the scenario file as the JUnit report',
        args: () => ['--junit', scenario],
        message: `${scenario}: error: \`--junit ${scenario}\` would overwrite a file this run reads [REPORT_TARGET]`,
      },
      {
        name: 'refuses one file for two reports',
        args: (d) => ['--junit', join(d, 'r'), '--json', join(d, 'r')],
        message: 'one report would replace the other [REPORT_TARGET]',
      },
      {
        name: 'refuses the same --junit twice',
        args: (d) => ['--junit', join(d, 'r'), '--junit', join(d, 'r')],
        message: 'one report would replace the other [REPORT_TARGET]',
      },
      { name: 'refuses a path ending in `/`', args: (d) => ['--junit', `${d}/sub/`], message: 'names a folder [REPORT_TARGET]' },
    ];
    for (const row of rows) {
      it(`${row.name}, exiting 2 and writing nothing`, () => {
        const dir = mkdtempSync(join(out, 'target-'));
        const before = readFileSync(join(repoRoot, scenario), 'utf8');
        const r = runCli(['test', scenario, ...row.args(dir)], repoRoot);
        expect(r.status, r.stderr).to.equal(2);
        expect(r.stderr).to.include(row.message);
        expect(readdirSync(dir)).to.deep.equal([]);
        expect(existsSync(join(out, 'sub'))).to.equal(false);
        expect(readFileSync(join(repoRoot, scenario), 'utf8')).to.equal(before);
      });
    }

    it('writes every --junit given, not only the last', () => {
      const dir = mkdtempSync(join(out, 'twice-'));
      const r = runCli(['test', scenario, '--junit', join(dir, 'a.xml'), '--junit', join(dir, 'b.xml')], repoRoot);
      expect(r.status, r.stderr).to.equal(0);
      expect(readdirSync(dir).sort()).to.deep.equal(['a.xml', 'b.xml']);
    });

    it("writes a symbolic link's target and keeps the link", () => {
      const dir = mkdtempSync(join(out, 'link-'));
      writeFileSync(join(dir, 'real.xml'), '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n</testsuites>\n');
      symlinkSync(join(dir, 'real.xml'), join(dir, 'link.xml'));
      const r = runCli(['test', scenario, '--junit', join(dir, 'link.xml')], repoRoot);
      expect(r.status, r.stderr).to.equal(0);
      expect(lstatSync(join(dir, 'link.xml')).isSymbolicLink()).to.equal(true);
      expect(readFileSync(join(dir, 'real.xml'), 'utf8')).to.match(/^<\?xml[^]*<testcase /);
    });

    it('writes through a link to stdout (as /dev/stdout is) instead of replacing it', function () {
      if (process.platform !== 'linux') this.skip();
      // Our own link to /proc/self/fd/1, not /dev/stdout itself: a regression must not replace
      // the system's /dev/stdout (as root, the old code did).
      const dir = mkdtempSync(join(out, 'stdout-'));
      symlinkSync('/proc/self/fd/1', join(dir, 'stdout'));
      const r = runCli(['test', scenario, '--junit', join(dir, 'stdout')], repoRoot);
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stdout).to.match(/<\/testsuites>\n$/);
      expect(lstatSync(join(dir, 'stdout')).isSymbolicLink()).to.equal(true);
      expect(readdirSync(dir)).to.deep.equal(['stdout']);
    });
  });

  describe('signals and a full device', () => {
    /** A scenario of 200 × 100 × every Secrets Manager action: long enough to be stopped. */
    function bigScenario(dir: string): void {
      const principals = Array.from({ length: 200 }, (_, i) => `  p${i}: { arn: "arn:aws:iam::111122223333:role/r${i}" }`);
      const resources = Array.from(
        { length: 100 },
        (_, i) => `  s${i}: { arn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:s${i}-AbCdEf" }`,
      );
      writeFileSync(
        join(dir, 'big.yaml'),
        [
          'principals:',
          ...principals,
          'resources:',
          ...resources,
          'expect:',
          `  - principal: [${principals.map((_, i) => `p${i}`).join(', ')}]`,
          `    resource: [${resources.map((_, i) => `s${i}`).join(', ')}]`,
          '    implicitDeny: ["secretsmanager:*"]',
          '',
        ].join('\n'),
      );
    }
    const signals: { signal: NodeJS.Signals; code: number }[] = [
      { signal: 'SIGTERM', code: 143 },
      { signal: 'SIGHUP', code: 129 },
    ];
    for (const { signal, code } of signals) {
      it(`stops on ${signal} (a CI cancel) with exit ${code}, leaving no report and no temporary file`, async function () {
        this.timeout(180_000); // 400,000 cases planned before the first line, on a shared machine
        const dir = mkdtempSync(join(out, 'signal-'));
        bigScenario(dir);
        const child = spawn(process.execPath, [cliPath, 'test', 'big.yaml', '--junit', 'junit.xml'], {
          cwd: dir,
          env: { ...process.env, NO_COLOR: '1' },
        });
        child.stdout.once('data', () => child.kill(signal));
        const exit = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
        expect(exit).to.equal(code);
        expect(readdirSync(dir).sort()).to.deep.equal(['big.yaml']);
      });
    }

    it('exits 2 with one clear line, no stack, when stdout is a full device', function () {
      if (!existsSync('/dev/full')) this.skip();
      const r = spawnSync(process.execPath, [cliPath, 'test', 'cases/secretsmanager/payments.yaml'], {
        cwd: repoRoot,
        stdio: ['ignore', openSync('/dev/full', 'w'), 'pipe'],
        encoding: 'utf8',
      });
      expect(r.status).to.equal(2);
      expect(r.stderr).to.equal('iamspec: error: cannot write to stdout: no space left on the device [OUTPUT_WRITE]\n');
    });
  });
});

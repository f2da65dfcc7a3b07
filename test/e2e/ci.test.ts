/**
 * End-to-end, for CI use: the built command's help, `--fail-on-warn`, where reports may be
 * written (never over an input, a special file or another report), and the signals CI sends.
 */
import { expect } from 'chai';
import { ensureBuilt, makeTemp, removeTemp, repoRoot, runCli } from '../hostile/support';

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
});

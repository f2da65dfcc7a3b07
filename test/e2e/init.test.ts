/**
 * End-to-end: `iamspec init` through the built command in an empty temporary folder. The suite it
 * writes passes `iamspec test --strict` as written, a second `init` changes nothing, and the help
 * lists the command.
 */
import { expect } from 'chai';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, listFiles, makeTemp, removeTemp, repoRoot, runCli } from '../hostile/support';

describe('iamspec init (built CLI)', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    ensureBuilt();
    dir = makeTemp('init');
  });
  after(() => removeTemp(dir));

  it('creates cases/example.yaml and .github/workflows/iamspec.yml and exits 0', () => {
    const r = runCli(['init'], dir);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^created cases\/example\.yaml\ncreated \.github\/workflows\/iamspec\.yml\n/);
    expect(listFiles(dir).sort()).to.deep.equal(['.github/workflows/iamspec.yml', 'cases/example.yaml']);
  });

  it('the created suite passes `iamspec test --strict` as written and writes the JUnit report the workflow uploads', () => {
    const r = runCli(['test', '--strict', '--junit', 'reports/junit.xml'], dir);
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.match(/\n7 passed, 0 failed \(/);
    expect(readFileSync(join(dir, 'reports/junit.xml'), 'utf8')).to.include('<testsuites');
  });

  it('a second init changes nothing: same bytes, same modification times, exit 0', () => {
    const files = ['cases/example.yaml', '.github/workflows/iamspec.yml'];
    const before = files.map((f) => [readFileSync(join(dir, f), 'utf8'), statSync(join(dir, f)).mtimeMs]);
    const r = runCli(['init'], dir);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^exists, left alone: cases\/example\.yaml\nexists, left alone: \.github\/workflows\/iamspec\.yml\n/);
    expect(files.map((f) => [readFileSync(join(dir, f), 'utf8'), statSync(join(dir, f)).mtimeMs])).to.deep.equal(before);
  });

  it('exits 2 with an INIT_WRITE error when DIR cannot hold the files', () => {
    const r = runCli(['init', 'cases/example.yaml'], dir);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.include(
      'cases/example.yaml/cases/example.yaml: error: cannot write `cases/example.yaml/cases/example.yaml`: a file stands where a folder is needed [INIT_WRITE]',
    );
  });

  it('`iamspec help` lists init and `iamspec help init` describes it, both exiting 0', () => {
    const top = runCli(['help'], repoRoot);
    expect(top.status, top.stderr).to.equal(0);
    expect(top.stdout).to.match(/\n {2}init \[dir\] +write a starter suite/);
    const init = runCli(['help', 'init'], repoRoot);
    expect(init.status, init.stderr).to.equal(0);
    expect(init.stdout).to.include('Usage: iamspec init [options] [dir]');
    expect(init.stdout).to.match(/never\s+overwrites a file/);
    expect(init.stdout).not.to.include('--force');
  });
});

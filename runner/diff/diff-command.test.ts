import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../catalog/catalog';
import { main } from '../cli';
import { defineFixtureTests, readFixtureCases, type FixtureFocus } from '../../test/support/fixture-tests';
import { diffCommand } from './diff-command';

/** One case of testdata/cli.yaml. */
interface CliCase extends FixtureFocus {
  files: Record<string, string>;
  old: string;
  new?: string;
  base?: string;
  removed?: boolean;
  json?: boolean;
  exit: number;
  stdoutStartsWith?: string;
  stdoutContains?: string[];
  stderrStartsWith?: string;
  stderrContains?: string[];
}

const catalog = loadCatalog();

/** Runs `iamspec` in-process in `cwd`; collects what it prints. */
export async function run(args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, colorDefault: false });
  return { code, stdout, stderr };
}

/** A fresh folder holding `files`. */
export function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iamspec-diff-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('diffCommand (testdata/cli.yaml)', () => {
  defineFixtureTests(readFixtureCases<CliCase>(join(__dirname, 'testdata', 'cli.yaml')), (c) => {
    // A case with no expectation on the output would pass on any output.
    expect([c.stdoutStartsWith, c.stdoutContains, c.stderrStartsWith, c.stderrContains].some((x) => x !== undefined)).to.equal(true);
    const dir = folderWith(c.files);
    try {
      let stdout = '';
      let stderr = '';
      const code = diffCommand({
        old: c.old,
        ...(c.new !== undefined ? { new: c.new } : {}),
        ...(c.base !== undefined ? { base: c.base } : {}),
        removed: c.removed === true,
        json: c.json === true,
        catalog,
        cwd: dir,
        stdout: (t) => void (stdout += t),
        stderr: (t) => void (stderr += t),
      });
      const all = `stdout:\n${stdout}\nstderr:\n${stderr}`;
      expect(code, all).to.equal(c.exit);
      if (c.stdoutStartsWith !== undefined) expect(stdout.startsWith(c.stdoutStartsWith), all).to.equal(true);
      for (const s of c.stdoutContains ?? []) expect(stdout, all).to.include(s);
      if (c.stderrStartsWith !== undefined) expect(stderr.startsWith(c.stderrStartsWith), all).to.equal(true);
      for (const s of c.stderrContains ?? []) expect(stderr, all).to.include(s);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('iamspec diff on the command line', () => {
  // docs/diff.md: a bucket policy in a plan works; a document naming a Principal is resource-based.
  for (const address of ['aws_iam_role.app', 'module.data.aws_s3_bucket_policy.this[0]']) {
    it(`gives a verdict on cases/terraform/infra/plan.json#${address} against itself`, async () => {
      const ref = `cases/terraform/infra/plan.json#${address}`;
      const r = await run(['diff', ref, ref], join(__dirname, '..', '..'));
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.match(/^no new access: NEW allows nothing OLD does not/);
    });
  }

  it('takes OLD, NEW and --removed, and exits 1 on removed access', async () => {
    const dir = folderWith({
      'old.json': '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}',
      'new.json': '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}',
    });
    try {
      expect((await run(['diff', 'old.json', 'new.json'], dir)).code).to.equal(0);
      const removed = await run(['diff', '--removed', 'old.json', 'new.json'], dir);
      expect(removed.code).to.equal(1);
      expect(removed.stdout).to.match(/^removed access: OLD allows a request NEW does not\n {2}action: {4}sqs:/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('compares a file with its content at a git revision (--base)', async () => {
    const dir = folderWith({
      'policy.json': '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}',
    });
    try {
      const git = (...args: string[]): void =>
        void execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, stdio: 'ignore' });
      git('init', '-q');
      git('add', 'policy.json');
      git('commit', '-qm', 'policy');
      writeFileSync(join(dir, 'policy.json'), '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}');
      const got = await run(['diff', '--base', 'HEAD', 'policy.json'], dir);
      expect(got.code, got.stderr).to.equal(1);
      expect(got.stdout).to.match(/^new access: NEW allows a request OLD does not\n {2}action: {4}sqs:/);
      const missing = await run(['diff', '--base', 'no-such-rev', 'policy.json'], dir);
      expect(missing.code).to.equal(2);
      expect(missing.stderr).to.match(/^policy\.json: error: cannot read `policy\.json` at revision `no-such-rev`: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

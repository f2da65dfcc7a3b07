/**
 * Every counterexample of testdata/pairs.yaml, as the scenario `iamspec diff` prints, run through
 * the real `iamspec test` pipeline: the expectation passes with NEW's policy file and fails with
 * OLD's in its place.
 */
import { expect } from 'chai';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../../catalog/catalog';
import { evaluate } from '../engine/evaluate';
import { checkPolicyWithCatalog } from '../policy/check-catalog';
import { testCommand } from '../test-command';
import { defineFixtureTests, readFixtureCases, type FixtureFocus } from '../../test/support/fixture-tests';
import { folderWith } from './diff-command.test';
import { diffCommand } from './diff-command';

interface PairCase extends FixtureFocus {
  old: unknown[];
  new: unknown[];
  added: string;
  removed?: string;
}

const catalog = loadCatalog();

function policyText(statements: unknown[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

async function runSuite(dir: string): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await testCommand({
    paths: [join(dir, 'suite.yaml')],
    cwd: dir,
    catalog,
    evaluate,
    checkPolicy: checkPolicyWithCatalog,
    stdout: (t) => void (out += t),
    stderr: (t) => void (out += t),
  });
  return { code, out };
}

/** Diffs OLD → NEW, writes the printed scenario, and runs it with NEW and then OLD as `new.json`. */
async function confirm(oldStatements: unknown[], newStatements: unknown[], removed: boolean): Promise<void> {
  const dir = folderWith({ 'old.json': policyText(oldStatements), 'new.json': policyText(newStatements) });
  try {
    let stdout = '';
    const code = diffCommand({
      old: 'old.json',
      new: 'new.json',
      removed,
      json: true,
      catalog,
      cwd: dir,
      stdout: (t) => void (stdout += t),
      stderr: () => undefined,
    });
    expect(code).to.equal(1);
    const report = JSON.parse(stdout) as { verdict: string; expectation: string };
    expect(report.verdict).to.equal('found');
    writeFileSync(join(dir, 'suite.yaml'), report.expectation);
    const underNew = await runSuite(dir);
    expect(underNew.code, `under NEW:\n${report.expectation}\n${underNew.out}`).to.equal(0);
    expect(underNew.out).to.match(/1 passed, 0 failed/);
    writeFileSync(join(dir, 'new.json'), policyText(oldStatements));
    const underOld = await runSuite(dir);
    expect(underOld.code, `under OLD:\n${report.expectation}\n${underOld.out}`).to.equal(1);
    expect(underOld.out).to.match(/0 passed, 1 failed/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('iamspec diff counterexamples pass under NEW and fail under OLD in iamspec test', () => {
  const cases = readFixtureCases<PairCase>(join(__dirname, 'testdata', 'pairs.yaml'));
  describe('new access', () => {
    defineFixtureTests(
      cases.filter((c) => c.added === 'found'),
      (c) => confirm(c.old, c.new, false),
    );
  });
  describe('removed access (--removed)', () => {
    defineFixtureTests(
      cases.filter((c) => c.removed === 'found'),
      (c) => confirm(c.old, c.new, true),
    );
  });
});

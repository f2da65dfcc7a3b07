/**
 * Issue #11, "no false pass": a case that cannot be evaluated faithfully never counts as passed.
 * Each row of testdata/no-false-pass.yaml runs `iamspec test` in process on its files and asserts
 * the exit code, every diagnostic whole (position, severity, message, code, help) and, where given,
 * the test case lines the console prints (name and outcome).
 */
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { loadCatalog } from '../catalog/catalog';
import { evaluate } from './engine/evaluate';
import { checkPolicyWithCatalog } from './policy/check-catalog';
import { testCommand } from './test-command';

interface Row {
  name: string;
  /** The item number. */
  item: number;
  files: Record<string, string>;
  /** Paths given to `iamspec test`. Default: `[scenario.yaml]`. */
  paths?: string[];
  grep?: string;
  strict?: boolean;
  exit: number;
  /** Every diagnostic printed, in order: `AT SEVERITY: MESSAGE [CODE] | HELP`. */
  diagnostics?: string[];
  /** The case lines of the console output (`✓ name`, `✗ name`, `- name (reason)`), when given. */
  cases?: string[];
  only?: boolean;
}

const catalog = loadCatalog();
const rows = parse(readFileSync(join(__dirname, 'testdata', 'no-false-pass.yaml'), 'utf8')) as Row[];

/** `FILE[:LINE:COL]: SEVERITY: MESSAGE [CODE]` followed by `help: HELP`, on stdout or stderr. */
const diagnosticLine = /^ *(\S+?): (error|warning): (.*) \[([A-Z_]+)\]\n *help: (.*)$/gm;

describe('no false pass (issue #11)', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'iamspec-no-false-pass-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const focused = rows.some((r) => r.only);
  rows.forEach((row, i) => {
    (focused && !row.only ? it.skip : it)(`item ${row.item}: ${row.name}`, async () => {
      expect(row.diagnostics ?? row.cases, 'a row needs an expectation').to.not.equal(undefined);
      const dir = join(root, String(i));
      for (const [path, text] of Object.entries(row.files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      let stdout = '';
      let stderr = '';
      const code = await testCommand({
        paths: row.paths ?? ['scenario.yaml'],
        cwd: dir,
        color: false,
        catalog,
        evaluate,
        checkPolicy: checkPolicyWithCatalog,
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        ...(row.strict ? { strict: true } : {}),
        ...(row.grep !== undefined ? { grep: row.grep } : {}),
      });
      const output = `stdout:\n${stdout}\nstderr:\n${stderr}`;
      if (row.diagnostics !== undefined) {
        const got = [...`${stdout}\n${stderr}`.matchAll(diagnosticLine)].map((m) => `${m[1]} ${m[2]}: ${m[3]} [${m[4]}] | ${m[5]}`);
        expect(got, output).to.deep.equal(row.diagnostics);
      }
      if (row.cases !== undefined) {
        const got = stdout
          .split('\n')
          .filter((l) => /^ {4}[✓✗-] /.test(l))
          .map((l) => l.trim().replace(/^✗ \d+\) /, '✗ '));
        expect(got, output).to.deep.equal(row.cases);
      }
      expect(code, output).to.equal(row.exit);
    });
  });
});

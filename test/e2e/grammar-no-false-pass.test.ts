/**
 * No false pass (issue #11 items 5, 6 and 10) through the built `iamspec test`: ARNs that can
 * never match, unknown or nested variables, keys equal after substitution, and documents a policy
 * type does not take are an input error (exit 2), or a warning that `--strict` refuses. The table
 * is testdata/grammar-no-false-pass.yaml.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ensureBuilt, makeTemp, removeTemp, runCli, writeFiles } from '../hostile/support';

interface Case {
  name: string;
  files: Record<string, string>;
  /** The problem is a warning: exit 0 without --strict, 2 with it. */
  strict?: boolean;
  /** Default 2; 0 for a case that shows the input is used as written. */
  exit?: number;
  want?: { at: string; code: string; message?: string };
  only?: boolean;
}

const cases = parse(readFileSync(join(__dirname, 'testdata', 'grammar-no-false-pass.yaml'), 'utf8')) as Case[];

describe('iamspec test: no false pass on ARNs, variables and policy grammar (built CLI)', function () {
  this.timeout(240_000);
  let dir: string;
  before(() => {
    ensureBuilt();
    dir = makeTemp('grammar-no-false-pass');
  });
  after(() => removeTemp(dir));

  const focused = cases.some((c) => c.only);
  cases.forEach((c, i) => {
    (focused && !c.only ? it.skip : it)(c.name, () => {
      expect(c.want !== undefined || c.exit === 0, 'a case needs an expectation').to.equal(true);
      const cwd = join(dir, `case-${i}`);
      writeFiles(cwd, c.files);
      const plain = runCli(['test', 'scenario.yaml'], cwd);
      const context = `stdout:\n${plain.stdout}\nstderr:\n${plain.stderr}`;
      if (c.exit === 0) {
        expect(plain.status, context).to.equal(0);
        expect(plain.stdout, context).to.match(/\b[1-9]\d* passed, 0 failed/);
        return;
      }
      const want = c.want!;
      const line = (severity: string): RegExp => new RegExp(`^${escape(want.at)}: ${severity}: .*\\[${want.code}\\]$`, 'm');
      if (c.strict) {
        // Without --strict the warning is printed with its file's cases, on stdout.
        expect(plain.status, context).to.equal(0);
        expect(plain.stdout.replace(/^ +/gm, ''), context).to.match(line('warning'));
        const strict = runCli(['test', 'scenario.yaml', '--strict'], cwd);
        expect(strict.status, strict.stderr).to.equal(2);
        expect(strict.stderr).to.match(line('error'));
        expect(strict.stdout, 'no case passes under --strict').to.not.include('✓');
      } else {
        expect(plain.status, context).to.equal(c.exit ?? 2);
        expect(plain.stderr, context).to.match(line('error'));
        expect(plain.stdout, 'no case passes').to.not.include('✓');
      }
      if (want.message !== undefined) expect(plain.stdout + plain.stderr).to.include(want.message);
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

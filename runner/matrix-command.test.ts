import { expect } from 'chai';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineFixtureTests, readFixtureCases, type FixtureFocus } from '../test/support/fixture-tests';
import { main } from './cli';
import { formatOfFile } from './matrix-command';

const repo = join(__dirname, '..');
const dir = join(__dirname, 'testdata', 'matrix');

interface CommandCase extends FixtureFocus {
  args: string[];
  /** Files copied into $TMP first: name in $TMP → fixture file. */
  setup?: Record<string, string>;
  want: {
    exitCode: number;
    stdout?: string;
    stdoutFile?: string;
    stderr?: string;
    stderrIncludes?: string;
    /** Files the command wrote: name in $TMP → fixture file with the expected text. */
    files?: Record<string, string>;
  };
}

const fixture = (name: string): string => readFileSync(join(dir, name), 'utf8');

describe('iamspec matrix', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'iamspec-matrix-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  defineFixtureTests(readFixtureCases<CommandCase>(join(dir, 'commands.yaml')), async (c) => {
    for (const [name, from] of Object.entries(c.setup ?? {})) copyFileSync(join(dir, from), join(tmp, name));
    let stdout = '';
    let stderr = '';
    const args = c.args.map((a) => a.replace('$TMP', tmp));
    const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: repo });
    const unTmp = (text: string): string => text.split(tmp).join('$TMP');
    expect(code, stderr).to.equal(c.want.exitCode);
    if (c.want.stdout !== undefined) expect(unTmp(stdout)).to.equal(c.want.stdout);
    if (c.want.stdoutFile !== undefined) expect(stdout).to.equal(fixture(c.want.stdoutFile));
    if (c.want.stderr !== undefined) expect(unTmp(stderr)).to.equal(c.want.stderr);
    if (c.want.stderrIncludes !== undefined) expect(stderr).to.include(c.want.stderrIncludes);
    for (const [name, want] of Object.entries(c.want.files ?? {})) expect(readFileSync(join(tmp, name), 'utf8')).to.equal(fixture(want));
  });

  describe('formatOfFile', () => {
    const table: { input: string | undefined; want: string | undefined }[] = [
      { input: 'ACCESS.md', want: 'md' },
      { input: 'docs/access.markdown', want: 'md' },
      { input: 'access.HTML', want: 'html' },
      { input: 'access.htm', want: 'html' },
      { input: 'access.csv', want: 'csv' },
      { input: 'access.txt', want: undefined },
      { input: undefined, want: undefined },
    ];
    for (const t of table) it(`${String(t.input)} → ${String(t.want)}`, () => expect(formatOfFile(t.input)).to.equal(t.want));
  });
});

/**
 * ACCESS.md, the intended access of the shipped suites, is generated from `cases/` and committed:
 * this runs `iamspec matrix cases --check ACCESS.md` in-process (the CLI's `main`, no build needed),
 * so `npm test` fails with the diff when a suite or the engine changes what the document states.
 * Regenerate it with `npm run docs:access`.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { main } from '../../runner/cli';

const repo = join(__dirname, '..', '..');

describe('ACCESS.md', () => {
  it('matches `iamspec matrix cases` (regenerate: `npm run docs:access`)', async () => {
    let stdout = '';
    let stderr = '';
    const code = await main(['matrix', 'cases', '--check', 'ACCESS.md'], {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      cwd: repo,
    });
    expect(code, `${stdout}${stderr}`).to.equal(0);
    expect(stdout).to.equal('ACCESS.md matches the suites\n');
  });
});

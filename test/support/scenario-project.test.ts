import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkScenario, expectDiagnostics, useTempFolder, writeProject, type WantDiagnostic } from './scenario-project';

describe('the loader tests’ project helper', () => {
  const temp = useTempFolder('project-helper');

  it('writes text, copies files and makes the folders they need', () => {
    const dir = writeProject(join(temp.root, 'p'), {
      'a/b/scenario.yaml': 'expect: []\n',
      'infra/copy.yaml': { copy: join(__dirname, 'scenario-project.ts') },
    });
    expect(readFileSync(join(dir, 'a/b/scenario.yaml'), 'utf8')).to.equal('expect: []\n');
    expect(readFileSync(join(dir, 'infra/copy.yaml'), 'utf8')).to.equal(readFileSync(join(__dirname, 'scenario-project.ts'), 'utf8'));
  });

  describe('expectDiagnostics fails on any difference the row states', () => {
    const right: WantDiagnostic = { code: 'UNKNOWN_KEY', at: '1:1', file: 'scenario.yaml', severity: 'error' };
    const rows: { name: string; want: WantDiagnostic[]; passes: boolean }[] = [
      { name: 'the same code, file, position and severity pass', want: [right], passes: true },
      { name: 'another code fails', want: [{ ...right, code: 'BAD_EFFECT' }], passes: false },
      { name: 'another position fails', want: [{ ...right, at: '2:1' }], passes: false },
      { name: 'another file fails', want: [{ ...right, file: 'other.yaml' }], passes: false },
      { name: 'another severity fails', want: [{ ...right, severity: 'warning' }], passes: false },
      { name: 'another message fails', want: [{ ...right, message: 'not this' }], passes: false },
      { name: 'a missing row fails', want: [], passes: false },
    ];
    for (const row of rows)
      it(row.name, () => {
        const dir = writeProject(join(temp.root, 'unknown-key'), { 'scenario.yaml': 'expekt: []\n' });
        const got = checkScenario(dir);
        if (row.passes) expectDiagnostics(got, row.want);
        else expect(() => expectDiagnostics(got, row.want)).to.throw();
      });
  });

  it('has its folder while the suite runs', () => {
    expect(existsSync(temp.root)).to.equal(true);
  });
});

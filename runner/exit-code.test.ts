import { expect } from 'chai';
import { exitCode, type RunOutcome } from './exit-code';

const clean: RunOutcome = {
  interrupted: false,
  reportUnwritable: false,
  unusable: false,
  forbiddenOnly: false,
  noCases: false,
  failed: false,
};

describe('exitCode', () => {
  const table: { name: string; outcome: Partial<RunOutcome>; code: number }[] = [
    { name: 'every case passed', outcome: {}, code: 0 },
    { name: 'a case failed', outcome: { failed: true }, code: 1 },
    { name: 'an unusable file wins over a failure', outcome: { unusable: true, failed: true }, code: 2 },
    { name: 'an unwritable report', outcome: { reportUnwritable: true }, code: 2 },
    { name: '`only: true` under --strict', outcome: { forbiddenOnly: true }, code: 2 },
    { name: 'no case ran', outcome: { noCases: true }, code: 2 },
    { name: 'coverage below the threshold', outcome: { belowCoverageThreshold: true }, code: 1 },
    { name: 'coverage met and every case passed', outcome: { belowCoverageThreshold: false }, code: 0 },
    { name: 'coverage below the threshold and a failure', outcome: { belowCoverageThreshold: true, failed: true }, code: 1 },
    { name: 'an unusable file wins over low coverage', outcome: { unusable: true, belowCoverageThreshold: true }, code: 2 },
    { name: 'no case ran wins over low coverage', outcome: { noCases: true, belowCoverageThreshold: true }, code: 2 },
    { name: 'interrupted wins over low coverage', outcome: { interrupted: true, belowCoverageThreshold: true }, code: 130 },
    { name: 'interrupted wins over everything', outcome: { interrupted: true, unusable: true, failed: true }, code: 130 },
  ];
  for (const t of table) {
    it(t.name, () => expect(exitCode({ ...clean, ...t.outcome })).to.equal(t.code));
  }
});

import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineFixtureTests, type FixtureFocus, type TestFunctions } from './fixture-tests';

/** A recording stand-in for mocha's `it`. */
function recorder(): { test: TestFunctions; calls: string[] } {
  const calls: string[] = [];
  const test: TestFunctions = Object.assign((title: string) => calls.push(`it ${title}`), {
    only: (title: string) => calls.push(`only ${title}`),
    skip: (title: string) => calls.push(`skip ${title}`),
  });
  return { test, calls };
}

describe('defineFixtureTests', () => {
  const table: { name: string; cases: FixtureFocus[]; known?: string; want: string[] }[] = [
    {
      name: 'defines every case, focused or not, so mocha decides what runs',
      cases: [{ name: 'a' }, { name: 'b', only: true }, { name: 'c' }],
      want: ['it a', 'only b', 'it c'],
    },
    {
      name: 'skips with the fixture reason',
      cases: [
        { name: 'a', skip: 'not yet' },
        { name: 'b', skip: true },
      ],
      want: ['skip a (skipped: not yet)', 'skip b (skipped: skip: true)'],
    },
    { name: 'skips a known failure', cases: [{ name: 'a' }], known: 'a', want: ['skip a (skipped: known)'] },
    { name: 'a focused and skipped case is skipped', cases: [{ name: 'a', only: true, skip: 'x' }], want: ['skip a (skipped: x)'] },
  ];
  for (const row of table) {
    it(row.name, () => {
      const { test, calls } = recorder();
      defineFixtureTests(row.cases, () => undefined, { test, skipReason: (c) => (c.name === row.known ? 'known' : undefined) });
      expect(calls).to.deep.equal(row.want);
    });
  }

  it('mocha is run with forbid-only, so a focused fixture fails CI', () => {
    const config = JSON.parse(readFileSync(join(__dirname, '..', '..', '.mocharc.json'), 'utf8')) as Record<string, unknown>;
    expect(config['forbid-only']).to.equal(true);
  });
});

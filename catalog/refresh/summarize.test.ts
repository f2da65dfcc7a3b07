import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ServiceFile } from '../data-format';
import { isExactVersion } from './refresh';
import { formatSummary, summarizeChanges, type ChangeSummary } from './summarize';

interface Case {
  name: string;
  before: Record<string, ServiceFile>;
  after: Record<string, ServiceFile>;
  want: Partial<ChangeSummary>;
}

const cases = parse(readFileSync(join(__dirname, 'testdata', 'summarize.yaml'), 'utf8')) as Case[];
const empty: ChangeSummary = {
  servicesAdded: [],
  servicesRemoved: [],
  actionsAdded: [],
  actionsRemoved: [],
  actionsChanged: [],
  keysAdded: [],
  keysRemoved: [],
  keysChanged: [],
};

describe('summarizeChanges', () => {
  for (const c of cases) {
    it(c.name, () => {
      const got = summarizeChanges(new Map(Object.entries(c.before)), new Map(Object.entries(c.after)));
      expect(got).to.deep.equal({ ...empty, ...c.want });
    });
  }

  it('formats one count line per kind with the items indented', () => {
    const text = formatSummary({ ...empty, actionsAdded: ['demo:Tag'] });
    expect(text).to.equal(
      [
        'services added: 0',
        'services removed: 0',
        'actions added: 1',
        '  demo:Tag',
        'actions removed: 0',
        'actions changed: 0',
        'condition keys added: 0',
        'condition keys removed: 0',
        'condition keys changed: 0',
        '',
      ].join('\n'),
    );
  });
});

describe('isExactVersion', () => {
  const table: [string, boolean][] = [
    ['0.21.202609261', true],
    ['1.0.0-beta.1', true],
    ['^0.21.0', false],
    ['latest', false],
    ['0.21', false],
  ];
  for (const [input, want] of table) it(`${want ? 'accepts' : 'rejects'} \`${input}\``, () => expect(isExactVersion(input)).to.equal(want));
});

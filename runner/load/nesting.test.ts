import { expect } from 'chai';
import { checkStructure } from './nesting';

describe('checkStructure', () => {
  const table: { name: string; text: string; deep: boolean }[] = [
    { name: 'a flat scenario', text: 'name: x\nexpect:\n  - principal: app\n    allow: [a:B]\n', deep: false },
    { name: 'flow brackets past the limit', text: 'a: ' + '['.repeat(9) + ']'.repeat(9), deep: true },
    { name: 'brackets inside quotes do not count', text: `a: "${'['.repeat(20)}"\nb: '${'{'.repeat(20)}'`, deep: false },
    { name: 'a doubled quote inside single quotes does not end the string', text: `a: 'it''s ${'['.repeat(20)}'\nb: x`, deep: false },
    {
      name: 'a backslash-escaped quote inside double quotes does not end the string',
      text: `a: "say \\"${'['.repeat(20)}"\nb: x`,
      deep: false,
    },
    {
      name: 'a quote inside a plain scalar does not hide later nesting',
      text: `name: a 'b\nexpect: ${'['.repeat(9)}${']'.repeat(9)}`,
      deep: true,
    },
    {
      name: 'a quote after a tag or an anchor opens a string',
      text: `a: !!str '${'['.repeat(20)}'\nb: &x "${'{'.repeat(20)}"\n`,
      deep: false,
    },
    {
      name: 'a quote right after `:` in compact JSON opens a string',
      text: `{"a":"${'['.repeat(20)}","b":['${'{'.repeat(20)}']}`,
      deep: false,
    },
    { name: 'brackets in comments do not count', text: `a: 1 # ${'['.repeat(20)}\n# ${'{'.repeat(20)}\n`, deep: false },
    { name: 'an apostrophe inside a word is not a quote', text: `a: don't\nb: ${'['.repeat(9)}${']'.repeat(9)}`, deep: true },
    {
      name: 'block mappings past the limit',
      text: Array.from({ length: 10 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' x\n',
      deep: true,
    },
    { name: 'nested sequences on one line', text: 'a:\n' + '- '.repeat(10) + 'x\n', deep: true },
    { name: 'nested sequences separated by tabs', text: '-\t'.repeat(10) + 'x\n', deep: true },
    { name: 'nested complex keys on one line', text: '? '.repeat(10) + 'x\n', deep: true },
    { name: 'a complex key and its value', text: '? a\n: b\n? [c]\n: { d: e }\n', deep: false },
    {
      name: 'dedented lines pop levels',
      text: Array.from({ length: 20 }, (_, i) => `${'  '.repeat(i % 4)}k${i}: x`).join('\n'),
      deep: false,
    },
  ];
  for (const row of table) {
    it(row.name, () => {
      const got = checkStructure(row.text, 'f.yaml', { maxDepth: 8 });
      expect(got !== undefined).to.equal(row.deep);
      if (got) expect(got.code).to.equal('NESTING_TOO_DEEP');
    });
  }

  it('points at the first construct past the limit', () => {
    const table: [string, string, number][] = [
      ['nested sequences on one line', '- '.repeat(10_000) + 'x\n', 16],
      ['flow brackets', 'a: ' + '['.repeat(10_000), 10],
    ];
    for (const [name, text, at] of table) expect(checkStructure(text, 'f.yaml', { maxDepth: 8 })?.span?.start, name).to.equal(at);
  });

  it('counts values in flow and block collections', () => {
    const table: [string, boolean][] = [
      ['a: [1, 2, 3, 4]', false],
      ['a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]', true],
      ['a: "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11"', false],
      [Array.from({ length: 12 }, (_, i) => `- ${i}`).join('\n'), true],
      [Array.from({ length: 8 }, (_, i) => `- ${i}`).join('\n'), false],
    ];
    for (const [text, many] of table) {
      const got = checkStructure(text, 'f.yaml', { maxValues: 10 });
      expect(got?.code, text).to.equal(many ? 'FILE_TOO_LARGE' : undefined);
    }
  });

  it('scans 10 MB in linear time', () => {
    const text = 'k: [' + 'a, '.repeat(3_000_000) + ']\n';
    expect(checkStructure(text, 'f.yaml', { maxValues: 5_000_000 })).to.equal(undefined);
  });
});

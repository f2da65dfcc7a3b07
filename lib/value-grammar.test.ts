import { expect } from 'chai';
import { daysInMonth, decodeBase64, isNumeric } from './value-grammar';

describe('value grammar', () => {
  describe('daysInMonth', () => {
    const cases = [
      { name: 'February of a leap year has 29 days', year: 2024, month: 2, want: 29 },
      { name: 'February of a common year has 28 days', year: 2026, month: 2, want: 28 },
      { name: 'February of a century not divisible by 400 has 28 days', year: 1900, month: 2, want: 28 },
      { name: 'February of a century divisible by 400 has 29 days', year: 2000, month: 2, want: 29 },
      { name: 'April has 30 days', year: 2026, month: 4, want: 30 },
      { name: 'December has 31 days', year: 2026, month: 12, want: 31 },
    ];
    for (const c of cases) it(c.name, () => expect(daysInMonth(c.year, c.month)).to.equal(c.want));
  });

  describe('isNumeric', () => {
    const cases = [
      { input: '10', want: true },
      { input: '-2.5', want: true },
      { input: '.5', want: true },
      { input: '1e3', want: false },
      { input: '', want: false },
      { input: 'ten', want: false },
    ];
    for (const c of cases)
      it(`reads \`${c.input}\` as ${c.want ? 'a number' : 'not a number'}`, () => expect(isNumeric(c.input)).to.equal(c.want));
  });

  describe('decodeBase64', () => {
    it('decodes two spellings of the same bytes alike', () => {
      expect(decodeBase64('QQ==')).to.equal('41');
      expect(decodeBase64('QQ')).to.equal('41');
    });
    it('refuses text that is not base64', () => {
      expect(decodeBase64('not base64!')).to.equal(undefined);
      expect(decodeBase64('Q')).to.equal(undefined);
    });
  });
});

import { expect } from 'chai';
import { join } from 'node:path';
import { isNumeric } from '../../../lib/value-grammar';
import { defineFixtureTests, readFixtureCases, type FixtureFocus } from '../../../test/support/fixture-tests';
import { checkConditionValue } from '../../policy/condition-values';
import { numericFamily, parseNumber } from './numeric';

/** One numeric value and what it reads as (testdata/numeric-values.yaml). */
interface NumericCase extends FixtureFocus {
  input: string;
  /** The number, or null when the value is not a number. */
  want: number | null;
}

const cases = readFixtureCases<NumericCase>(join(__dirname, 'testdata', 'numeric-values.yaml'));

// One table through every reader of numeric values, so the policy check never warns about a value
// the engine reads, nor stays silent about one the engine cannot read.
describe('numeric values', () => {
  describe('parseNumber (the engine) and isNumeric (lib/value-grammar.ts)', () => {
    defineFixtureTests(cases, (c) => {
      expect(parseNumber(c.input)).to.deep.equal(c.want ?? NaN);
      expect(isNumeric(c.input)).to.equal(c.want !== null);
    });
  });

  describe('the policy check (checkConditionValue)', () => {
    defineFixtureTests(cases, (c) => {
      const help = checkConditionValue('numeric', c.input);
      if (c.want === null) expect(help).to.equal('expected an integer or decimal number such as `10` or `2.5`');
      else expect(help).to.equal(undefined);
    });
  });

  describe('the engine (NumericEquals)', () => {
    defineFixtureTests(cases, (c) => {
      const equals = numericFamily.compile('NumericEquals', { text: c.input });
      if (c.want === null) {
        expect(equals, 'a policy value the engine cannot read compiles to nothing').to.equal(undefined);
        const any = numericFamily.compile('NumericGreaterThan', { text: '-1000000' })!;
        expect(any(c.input), 'a context value the engine cannot read matches nothing').to.equal(false);
        return;
      }
      expect(equals!(String(c.want)), 'the same number matches').to.equal(true);
      expect(equals!(String(c.want + 1)), 'another number does not').to.equal(false);
      const above = numericFamily.compile('NumericLessThan', { text: String(c.want + 1) })!;
      expect(above(c.input), 'as a context value it reads as the same number').to.equal(true);
    });
  });
});

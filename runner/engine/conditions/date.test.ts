import { expect } from 'chai';
import { join } from 'node:path';
import { isDate, parseDate } from '../../../lib/value-grammar';
import { defineFixtureTests, readFixtureCases, type FixtureFocus } from '../../../test/support/fixture-tests';
import { checkConditionValue } from '../../policy/condition-values';
import { dateFamily } from './date';

/** One date value and what it reads as (testdata/date-values.yaml). */
interface DateCase extends FixtureFocus {
  input: string;
  /** Milliseconds since the epoch, or null when the value is not a date. */
  want: number | null;
}

const cases = readFixtureCases<DateCase>(join(__dirname, 'testdata', 'date-values.yaml'));

// One table through every reader of date values, so the policy check never warns about a value the
// engine reads, nor stays silent about one the engine cannot read.
describe('date values', () => {
  describe('parseDate (lib/value-grammar.ts)', () => {
    defineFixtureTests(cases, (c) => expect(parseDate(c.input)).to.deep.equal(c.want ?? NaN));
  });

  describe('the policy check (checkConditionValue)', () => {
    defineFixtureTests(cases, (c) => {
      const help = checkConditionValue('date', c.input);
      if (c.want === null) expect(help).to.equal('expected an ISO 8601 date such as `2026-01-01T00:00:00Z`, or epoch seconds');
      else expect(help).to.equal(undefined);
      expect(isDate(c.input)).to.equal(c.want !== null);
    });
  });

  describe('the engine (DateEquals, DateLessThan)', () => {
    defineFixtureTests(cases, (c) => {
      const equals = dateFamily.compile('DateEquals', { text: c.input });
      if (c.want === null) {
        expect(equals, 'a policy value the engine cannot read compiles to nothing').to.equal(undefined);
        const anyDate = dateFamily.compile('DateGreaterThan', { text: '1970-01-01T00:00:00Z' })!;
        expect(anyDate(c.input), 'a context value the engine cannot read matches nothing').to.equal(false);
        return;
      }
      // The same instant written another way (epoch seconds; ISO 8601 before 1970, where epoch time
      // has no negative form) matches; a millisecond later does not.
      const written = (ms: number): string => (ms >= 0 ? String(ms / 1000) : new Date(ms).toISOString());
      expect(equals!(written(c.want))).to.equal(true);
      expect(equals!(written(c.want + 1))).to.equal(false);
      const later = dateFamily.compile('DateLessThan', { text: written(c.want + 1) })!;
      expect(later(c.input), 'as a context value it reads as the same instant').to.equal(true);
    });
  });
});

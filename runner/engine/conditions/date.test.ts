import { expect } from 'chai';
import { parseDate } from './date';

describe('parseDate', () => {
  const table: { name: string; input: string; want: number }[] = [
    { name: 'a date', input: '2026-01-01', want: 1767225600000 },
    { name: 'a date-time in UTC', input: '2026-01-01T00:00:00Z', want: 1767225600000 },
    { name: 'a date-time to minutes', input: '2026-01-01T00:01Z', want: 1767225660000 },
    { name: 'a positive offset', input: '2026-01-01T01:00:00+01:00', want: 1767225600000 },
    { name: 'a negative offset without colon', input: '2025-12-31T19:00:00-0500', want: 1767225600000 },
    { name: 'fractions of a second', input: '2026-01-01T00:00:00.250Z', want: 1767225600250 },
    { name: 'epoch seconds', input: '1767225600', want: 1767225600000 },
    { name: 'month 13 is invalid', input: '2026-13-01', want: NaN },
    { name: 'February 31 is invalid, not March 3', input: '2026-02-31', want: NaN },
    { name: 'April 31 is invalid', input: '2026-04-31T00:00:00Z', want: NaN },
    { name: 'February 29 of a common year is invalid', input: '2026-02-29', want: NaN },
    { name: 'February 29 of a century not divisible by 400 is invalid', input: '2100-02-29', want: NaN },
    { name: 'February 29 of a leap year', input: '2028-02-29', want: 1835395200000 },
    { name: 'February 29 of 2000 (divisible by 400)', input: '2000-02-29', want: 951782400000 },
    { name: 'text is invalid', input: 'yesterday', want: NaN },
  ];
  for (const t of table) it(t.name, () => expect(parseDate(t.input)).to.deep.equal(t.want));
});

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
    { name: 'text is invalid', input: 'yesterday', want: NaN },
  ];
  for (const t of table) it(t.name, () => expect(parseDate(t.input)).to.deep.equal(t.want));
});

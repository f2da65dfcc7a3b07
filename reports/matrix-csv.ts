/**
 * The access matrix as CSV: one record per stated case, for spreadsheets and scripts. RFC 4180
 * (https://www.rfc-editor.org/rfc/rfc4180, section 2): records end with CRLF, the first record is
 * the header, a field holding a comma, a double quote or a line break is enclosed in double quotes
 * and its double quotes are doubled.
 */
import { decisionWords, expectedWords, type Matrix } from './matrix-model';

/** The columns, in order. */
export const matrixCsvColumns = [
  'suite',
  'file',
  'line',
  'expectation',
  'principal',
  'resource',
  'action',
  'expected',
  'decision',
  'outcome',
  'rule',
  'deciding layer',
] as const;

/** The CSV text of a matrix. */
export function matrixCsv(matrix: Matrix): string {
  const records: string[][] = [[...matrixCsvColumns]];
  for (const s of matrix.suites) {
    for (const c of s.cases) {
      records.push([
        s.name,
        s.file,
        String(c.line),
        c.expectation ?? '',
        c.principal,
        c.resource,
        c.action,
        expectedWords(c.expected),
        c.decision === undefined ? '' : decisionWords[c.decision],
        c.outcome,
        c.rule ?? '',
        c.note === undefined ? '' : s.notes[c.note - 1].replace(/`/g, ''),
      ]);
    }
  }
  return records.map((r) => r.map(field).join(',') + '\r\n').join('');
}

function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

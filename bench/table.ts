/**
 * The bench's output table: one row per figure, with its target and whether it is met.
 */

/** One row of the table. */
export interface Row {
  measure: string;
  figure: string;
  /** Empty when the figure has no target. */
  target: string;
  /** `met`, `MISSED`, `FAILED` (the run itself went wrong), or empty. */
  status: string;
}

/** Formats a number with thousands separators and `digits` decimals. */
export function num(n: number, digits = 0): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a';
}

/** `met` or `MISSED` for a figure against its bound. */
export function verdict(ok: boolean): string {
  return ok ? 'met' : 'MISSED';
}

/** The rows as an aligned plain-text table with a header. */
export function renderTable(rows: readonly Row[]): string {
  const header: Row = { measure: 'measure', figure: 'figure (median)', target: 'target', status: 'status' };
  const all = [header, ...rows];
  const w = (k: keyof Row): number => Math.max(...all.map((r) => r[k].length));
  const line = (r: Row): string =>
    `${r.measure.padEnd(w('measure'))}  ${r.figure.padStart(w('figure'))}  ${r.target.padEnd(w('target'))}  ${r.status}`.trimEnd();
  const rule = '-'.repeat(w('measure') + w('figure') + w('target') + w('status') + 6);
  return [line(header), rule, ...rows.map(line)].join('\n') + '\n';
}

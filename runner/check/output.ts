/**
 * The outputs of `iamspec check`: the console text (findings grouped by file, in position order),
 * the JSON report (`--json FILE`) and the SARIF findings (`--sarif FILE`, reports/sarif.ts).
 */
import pc from 'picocolors';
import type { SarifFinding } from '../../reports/sarif';
import { lineIndex, locateOffset, type SourceTexts } from '../diagnostics';
import { findingSeverities, type Finding, type FindingSeverity } from './findings';

/** A finding with its file, line and column resolved. */
export interface PositionedFinding extends Omit<Finding, 'span' | 'file'> {
  file: string;
  line?: number;
  column?: number;
}

/** Resolves each finding's span to file, line and column, sorted by file, then position, then code. */
export function positionFindings(findings: readonly Finding[], sources: SourceTexts): PositionedFinding[] {
  const withOffset = findings.map((f) => {
    const { span, file, ...rest } = f;
    const out: PositionedFinding = { ...rest, file: span?.file ?? file ?? '<input>' };
    const index = span ? lineIndex(sources, span.file) : undefined;
    if (span && index) Object.assign(out, locateOffset(index, span.start));
    return { out, offset: span?.start ?? -1 };
  });
  withOffset.sort(
    (a, b) =>
      (a.out.file < b.out.file ? -1 : a.out.file > b.out.file ? 1 : 0) ||
      a.offset - b.offset ||
      (a.out.code < b.out.code ? -1 : a.out.code > b.out.code ? 1 : 0),
  );
  return withOffset.map((w) => w.out);
}

/** Counts by severity. */
export function countFindings(findings: readonly PositionedFinding[]): Record<FindingSeverity, number> {
  const counts = { ERROR: 0, SECURITY_WARNING: 0, WARNING: 0, SUGGESTION: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

const words: Record<FindingSeverity, [string, string]> = {
  ERROR: ['error', 'errors'],
  SECURITY_WARNING: ['security warning', 'security warnings'],
  WARNING: ['warning', 'warnings'],
  SUGGESTION: ['suggestion', 'suggestions'],
};

/**
 * The console text: per file, its findings as `LINE:COL  SEVERITY  message [CODE]` and the help,
 * then a summary line, for example:
 *
 *     policies/app.json
 *       4:17  SECURITY_WARNING  policy `policies/app.json`: statement 1: allows `iam:PassRole` on every role [PASS_ROLE_WITH_STAR]
 *             help: name the roles that may be passed
 *
 *     1 finding (1 security warning) in 1 policy
 */
export function consoleText(findings: readonly PositionedFinding[], policies: number, color: boolean): string {
  const c = pc.createColors(color);
  const paint: Record<FindingSeverity, (s: string) => string> = {
    ERROR: c.red,
    SECURITY_WARNING: c.magenta,
    WARNING: c.yellow,
    SUGGESTION: c.cyan,
  };
  const lines: string[] = [];
  let file: string | undefined;
  for (const f of findings) {
    if (f.file !== file) {
      if (file !== undefined) lines.push('');
      file = f.file;
      lines.push(c.underline(f.file));
    }
    const at = f.line !== undefined ? `${f.line}:${f.column}` : '-';
    lines.push(`  ${at.padEnd(7)} ${paint[f.severity](f.severity)}  ${f.message} ${c.dim(`[${f.code}]`)}`);
    if (f.help) lines.push(`  ${' '.repeat(7)} ${c.dim(`help: ${f.help}`)}`);
  }
  if (lines.length > 0) lines.push('');
  const counts = countFindings(findings);
  const parts = findingSeverities.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${words[s][counts[s] === 1 ? 0 : 1]}`);
  const total = findings.length;
  const checked = `${policies} ${policies === 1 ? 'policy' : 'policies'}`;
  lines.push(total === 0 ? `no findings in ${checked}` : `${total} finding${total === 1 ? '' : 's'} (${parts.join(', ')}) in ${checked}`);
  return lines.join('\n') + '\n';
}

/**
 * The JSON report (version 1; fields are only ever added):
 *
 *     { "version": 1, "policies": number checked,
 *       "findings": [{ "code", "severity", "message", "file", "line"?, "column"?, "policy"?,
 *                      "statement"?: { "index", "sid"? }, "help"? }],
 *       "counts": { "ERROR", "SECURITY_WARNING", "WARNING", "SUGGESTION" } }
 */
export function jsonText(findings: readonly PositionedFinding[], policies: number): string {
  return JSON.stringify({ version: 1, policies, findings, counts: countFindings(findings) }, null, 2) + '\n';
}

/** The findings as the SARIF reporter reads them (paths `/`-separated). */
export function sarifFindings(findings: readonly PositionedFinding[]): SarifFinding[] {
  return findings.map((f) => ({
    code: f.code,
    severity: f.severity,
    message: f.message,
    file: f.file.split('\\').join('/'),
    ...(f.line !== undefined ? { line: f.line, column: f.column! } : {}),
  }));
}

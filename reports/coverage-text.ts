/**
 * The console's coverage section, printed after the summary line when the run collected coverage:
 *
 *     coverage: 7 of 9 statements covered (77.77%); 1 partially covered
 *       cases/payments.yaml:14:9 deny-mary DenyFromOutside (partially covered: condition `aws:SourceIP` (`NotIpAddress`) never matched: no request had the key)
 *       cases/payments.yaml:30:9 app-read statement 2
 *     coverage 77.77% is below the threshold of 100%
 *
 * One `FILE:LINE:COL policy Sid` line per statement not covered (the statement's number when it
 * has no Sid), at most {@link maxListed}, then how many more.
 */
import type pc from 'picocolors';
import type { Coverage, StatementCoverage, UnmetCondition } from './events';
import { formatLocation } from './locate';

type Colors = ReturnType<typeof pc.createColors>;

/** Statements listed at most; the rest are counted. */
export const maxListed = 20;

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

function unmetText(c: UnmetCondition): string {
  const why = c.keyInRequests ? 'its values never matched the request' : 'no request had the key';
  return `condition \`${c.key}\` (\`${c.operator}\`) never matched: ${why}`;
}

/** One statement not covered: `FILE:LINE:COL policy Sid`, and why when partially covered. */
export function uncoveredLine(s: StatementCoverage, printable: (text: string) => string): string {
  const id = s.sid !== undefined && s.sid !== '' ? s.sid : `statement ${s.index + 1}`;
  let line = `${printable(formatLocation(s.location))} ${printable(s.policy)} ${printable(id)}`;
  if (s.status === 'partial') {
    const unmet = s.unmetConditions ?? [];
    const why = unmet.length > 0 ? unmet.map(unmetText).join('; ') : 'its conditions never matched together';
    line += ` (partially covered: ${printable(why)})`;
  }
  return line;
}

/** The coverage section; `printable` makes user text safe for the terminal. */
export function coverageText(coverage: Coverage, c: Colors, printable: (text: string) => string): string {
  const { coveredStatements: covered, totalStatements: total, partialStatements: partial } = coverage;
  let out = `coverage: ${covered.toLocaleString('en-US')} of ${plural(total, 'statement')} covered (${coverage.percent}%)`;
  if (partial > 0) out += `; ${partial.toLocaleString('en-US')} partially covered`;
  out += '\n';
  const uncovered = coverage.files.flatMap((f) => f.statements.filter((s) => s.status !== 'covered'));
  for (const s of uncovered.slice(0, maxListed)) out += `  ${c.yellow(uncoveredLine(s, printable))}\n`;
  if (uncovered.length > maxListed) out += `  ${c.gray(`and ${plural(uncovered.length - maxListed, 'more statement')} not covered`)}\n`;
  if (coverage.threshold !== undefined && !coverage.thresholdMet) {
    out += `${c.red(`coverage ${coverage.percent}% is below the threshold of ${coverage.threshold}%`)}\n`;
  }
  return out;
}

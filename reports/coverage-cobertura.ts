/**
 * `--cobertura FILE`: the run's coverage of policies as Cobertura XML, the format GitLab reads
 * from `artifacts:reports:coverage_report` (`coverage_format: cobertura`) to mark covered and
 * uncovered lines in a merge request's diff (https://docs.gitlab.com/ci/testing/code_coverage/cobertura).
 *
 * Shape: Cobertura's DTD, coverage-04.dtd (http://cobertura.sourceforge.net/xml/coverage-04.dtd):
 * `coverage` (line-rate, branch-rate, lines-covered, lines-valid, branches-covered,
 * branches-valid, complexity, version, timestamp) > `sources` > `source`; `packages` > `package`
 * (name, line-rate, branch-rate, complexity) > `classes` > `class` (name, filename, line-rate,
 * branch-rate, complexity) > `methods` > `method` (name, signature, line-rate, branch-rate,
 * complexity) > `lines`, and the class's `lines` > `line` (number, hits, branch).
 *
 * What is written:
 * - `source`: the working folder (absolute); each class `filename` is relative to it, with `/`:
 *   GitLab expects "the full path relative to the project root" in `filename`, and CI runs from
 *   the project root.
 * - one `package` per folder, one `class` per policy file, one `method` per statement (named
 *   `POLICY SID`, or `POLICY statement N`); a statement's lines have its hits (the requests it
 *   matched): a covered statement's lines show as covered, a partially or not covered one's as not.
 * - no branches (IAM statements have none): branch-rate 1, branches 0; complexity 0.
 * - AWS managed policies are left out: they are not files of the repository, and the JSON report
 *   (`--coverage`) lists them.
 * - `timestamp`: the run's start in milliseconds since the epoch (Cobertura's own unit).
 */
import { dirname, relative, resolve } from 'node:path';
import type { Coverage, FileCoverage, Reporter, RunEvent, StatementCoverage } from './events';
import { escapeAttribute, escapeText } from './xml';

/** The rate of `part` in `whole` (0..1) with at most 4 decimals, rounded down; 1 for nothing. */
function rate(part: number, whole: number): string {
  return whole === 0 ? '1' : String(Math.floor((part * 10000) / whole) / 10000);
}

/** Hits per line of the statements (the most hits where statements share a line). */
function lineHits(statements: readonly StatementCoverage[]): Map<number, number> {
  const hits = new Map<number, number>();
  for (const s of statements) {
    for (let line = s.location.line; line <= s.endLine; line++) hits.set(line, Math.max(hits.get(line) ?? 0, s.hits));
  }
  return new Map([...hits].sort((a, b) => a[0] - b[0]));
}

function covered(hits: ReadonlyMap<number, number>): number {
  let n = 0;
  for (const h of hits.values()) if (h > 0) n++;
  return n;
}

function linesXml(hits: ReadonlyMap<number, number>, indent: string): string {
  let out = '';
  for (const [line, h] of hits) out += `${indent}<line number="${line}" hits="${h}" branch="false"/>\n`;
  return out;
}

function statementName(s: StatementCoverage): string {
  return `${s.policy} ${s.sid !== undefined && s.sid !== '' ? s.sid : `statement ${s.index + 1}`}`;
}

function classXml(f: FileCoverage, filename: string): string {
  const hits = lineHits(f.statements);
  let out = `        <class name="${escapeAttribute(filename)}" filename="${escapeAttribute(filename)}" line-rate="${rate(covered(hits), hits.size)}" branch-rate="1" complexity="0">\n`;
  out += '          <methods>\n';
  for (const s of f.statements) {
    const own = lineHits([s]);
    out += `            <method name="${escapeAttribute(statementName(s))}" signature="" line-rate="${rate(covered(own), own.size)}" branch-rate="1" complexity="0">\n`;
    out += `              <lines>\n${linesXml(own, '                ')}              </lines>\n`;
    out += '            </method>\n';
  }
  out += '          </methods>\n';
  out += `          <lines>\n${linesXml(hits, '            ')}          </lines>\n`;
  out += '        </class>\n';
  return out;
}

/** The Cobertura document of a run's coverage; `time` is the run's start. */
export function coberturaXml(coverage: Coverage, time: Date): string {
  const files = coverage.files
    .filter((f) => !f.managed)
    .map((f) => ({ f, filename: relative(coverage.root, resolve(coverage.root, f.file)).split('\\').join('/') }));
  const packages = new Map<string, typeof files>();
  for (const entry of files) {
    const name = dirname(entry.filename);
    packages.set(name, [...(packages.get(name) ?? []), entry]);
  }
  let validAll = 0;
  let coveredAll = 0;
  let body = '';
  for (const [name, entries] of [...packages].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    let valid = 0;
    let hit = 0;
    let classes = '';
    for (const { f, filename } of entries) {
      const hits = lineHits(f.statements);
      valid += hits.size;
      hit += covered(hits);
      classes += classXml(f, filename);
    }
    validAll += valid;
    coveredAll += hit;
    body += `    <package name="${escapeAttribute(name)}" line-rate="${rate(hit, valid)}" branch-rate="1" complexity="0">\n`;
    body += `      <classes>\n${classes}      </classes>\n    </package>\n`;
  }
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">\n' +
    `<coverage line-rate="${rate(coveredAll, validAll)}" branch-rate="1" lines-covered="${coveredAll}" lines-valid="${validAll}" ` +
    `branches-covered="0" branches-valid="0" complexity="0" version="iamspec" timestamp="${time.getTime()}">\n` +
    `  <sources>\n    <source>${escapeText(coverage.root)}</source>\n  </sources>\n` +
    `  <packages>\n${body}  </packages>\n</coverage>\n`
  );
}

/**
 * The Cobertura reporter: the document, once the run has ended.
 *
 * INVARIANT: a run with this reporter collects coverage (reports/registry.ts `coverage: true`), so
 * `runEnd` carries it.
 */
export function coberturaReporter(): Reporter {
  return function* report(events: Iterable<RunEvent>): Generator<string> {
    let started = new Date(0);
    for (const event of events) {
      if (event.kind === 'runStart') started = event.time;
      if (event.kind !== 'runEnd') continue;
      if (!event.coverage) throw new Error('the Cobertura reporter needs a run that collects coverage');
      yield coberturaXml(event.coverage, started);
    }
  };
}

import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Decision, Explanation, RunEvent } from './events';
import { matrixCsv } from './matrix-csv';
import { matrixHtml } from './matrix-html';
import { matrixMarkdown } from './matrix-md';
import { buildMatrix, decidingLayer, type Matrix } from './matrix-model';

const levels = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];
const dir = join(__dirname, 'testdata', 'matrix');

interface FixtureCase {
  principal: string;
  action: string;
  resource: string;
  expected: 'allow' | 'deny' | Decision;
  outcome: 'pass' | 'fail' | 'skip';
  actual?: Decision;
  line: number;
  expectation?: string;
  explanation?: Partial<Explanation>;
}

interface Fixture {
  accessLevels: Record<string, string>;
  suites: { name: string; file: string; cases: FixtureCase[] }[];
}

/** The fixture as the run's events. */
function events(f: Fixture): RunEvent[] {
  const out: RunEvent[] = [{ kind: 'runStart', time: new Date(0), files: f.suites.map((s) => s.file) }];
  for (const s of f.suites) {
    const suite = { name: s.name, file: s.file };
    out.push({ kind: 'suiteStart', suite, time: new Date(0) });
    for (const c of s.cases) {
      const name = `${c.expectation ?? 'expect #1'} › ${c.principal} › ${c.action} on ${c.resource}`;
      const info = {
        name,
        principal: c.principal,
        action: c.action,
        resource: c.resource,
        expected: c.expected,
        location: { file: s.file, line: c.line, column: 5 },
        ...(c.expectation !== undefined ? { expectation: c.expectation } : {}),
      };
      const result = {
        outcome: c.outcome,
        durationMs: 0,
        ...(c.actual !== undefined ? { actual: c.actual } : {}),
        ...(c.explanation !== undefined ? { explanation: c.explanation as Explanation } : {}),
      };
      out.push({ kind: 'case', suite, case: info, result });
    }
    out.push({ kind: 'suiteEnd', suite, stats: { passed: 0, failed: 0, skipped: 0, errors: 0, warnings: 0 }, durationMs: 0 });
  }
  out.push({ kind: 'runEnd', stats: { passed: 0, failed: 0, skipped: 0, errors: 0, warnings: 0 }, durationMs: 0 });
  return out;
}

function matrixOf(fixture: string): Matrix {
  const f = parse(readFileSync(join(dir, fixture), 'utf8')) as Fixture;
  return buildMatrix(events(f), { levels, accessLevelOf: (a) => f.accessLevels[a] });
}

/** Compares with a golden file; `UPDATE_GOLDEN=1` rewrites it (then review the diff). */
function golden(file: string, got: string): void {
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(join(dir, file), got);
  expect(got).to.equal(readFileSync(join(dir, file), 'utf8'));
}

describe('the access matrix', () => {
  const matrix = matrixOf('run.yaml');

  describe('buildMatrix', () => {
    it('sorts cases by resource, principal and action, keeping file order among equals', () => {
      const lake = matrix.suites[0];
      expect(lake.cases.map((c) => `${c.resource} ${c.principal} ${c.action} ${c.line}`)).to.deep.equal([
        '* app example:Frob 15',
        '* app s3:ListAllMyBuckets 14',
        'bucket app s3:GetObject 8',
        'bucket app s3:GetObject 9',
        'bucket app s3:PutBucketPolicy 11',
        'bucket app s3:PutObject 10',
        'bucket writer s3:GetObject 16',
        'bucket writer s3:PutObject 12',
      ]);
    });

    it('numbers deciding-layer notes in the order of the sorted cases, one note per distinct text', () => {
      expect(matrix.suites[0].notes).to.deep.equal([
        'no Allow in the identity-based policies (rule `identityAllow`)',
        'allowed by the identity-based policies (rule `allow`)',
        'explicit Deny in `region-lock` (SCP level 1) (rule `explicitDeny`)',
        'allowed by the identity-based policies and the resource-based policy (rule `allow`)',
      ]);
      expect(matrix.suites[0].cases.map((c) => c.note ?? null)).to.deep.equal([1, 2, 2, 2, 3, 1, null, 4]);
    });

    it('summarizes (action, resource) pairs by access level; a skipped case states nothing', () => {
      const byPrincipal = Object.fromEntries(matrix.suites[0].summary.map((s) => [s.principal, s]));
      expect(byPrincipal.app.levels).to.deep.equal([
        { allowed: 1, stated: 1 },
        { allowed: 1, stated: 1 },
        { allowed: 0, stated: 1 },
        { allowed: 0, stated: 1 },
        { allowed: 0, stated: 0 },
      ]);
      expect(byPrincipal.app.other).to.deep.equal({ allowed: 0, stated: 1 });
      expect(byPrincipal.writer.levels[1]).to.deep.equal({ allowed: 0, stated: 0 });
      expect(byPrincipal.writer.levels[2]).to.deep.equal({ allowed: 1, stated: 1 });
    });

    it('writes file paths with `/` and without a leading `./`', () => {
      expect(matrix.suites.map((s) => s.file)).to.deep.equal(['cases/data.yaml', 'cases/keys.yaml']);
    });
  });

  describe('decidingLayer', () => {
    const base = { grantedBy: [], decidedBy: 'identity' } as unknown as Explanation;
    const table: { name: string; input: Partial<Explanation>; want: string }[] = [
      {
        name: 'the root user in its own account',
        input: { decision: 'allow', rule: 'rootUser' },
        want: 'the account root user, in its own account (rule `rootUser`)',
      },
      {
        name: 'a service rule',
        input: { decision: 'implicitDeny', rule: 'serviceRule', decidedBy: 'service' },
        want: 'the service denies it (rule `serviceRule`)',
      },
      {
        name: 'a denied dependent request',
        input: { decision: 'explicitDeny', rule: 'dependentRequest', decidedBy: 'service' },
        want: "a request the service makes in the caller's name is denied (rule `dependentRequest`)",
      },
      {
        name: 'an SCP level without an Allow',
        input: { decision: 'implicitDeny', rule: 'scpEveryLevel', decidedBy: 'scp', level: 2 },
        want: 'no Allow in SCP level 2 (rule `scpEveryLevel`)',
      },
      {
        name: 'an allow by a resource-only caller',
        input: { decision: 'allow', rule: 'resourceOnlyCaller', decidedBy: 'resource', grantedBy: ['resource'] },
        want: 'allowed by the resource-based policy (rule `resourceOnlyCaller`)',
      },
    ];
    for (const t of table) it(t.name, () => expect(decidingLayer({ ...base, ...t.input })).to.equal(t.want));
  });

  describe('renderers', () => {
    it('Markdown: one table per resource, notes, the summary by access level', () => golden('run.want.md', matrixMarkdown(matrix)));
    it('CSV: one RFC 4180 record per case', () => golden('run.want.csv', matrixCsv(matrix)));
    it('HTML: one self-contained file', () => golden('run.want.html', matrixHtml(matrix)));

    it('HTML loads nothing from elsewhere and escapes user text', () => {
      const html = matrixHtml(matrix);
      expect(html).to.not.match(/\b(src|href)=/);
      expect(html).to.include(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"`);
      expect(html).to.include('Keys &lt;&amp;&gt;');
      expect(html).to.not.include('Keys <&>');
    });

    it('is deterministic: the same run renders the same text', () => {
      const again = matrixOf('run.yaml');
      expect(matrixMarkdown(again)).to.equal(matrixMarkdown(matrix));
      expect(matrixHtml(again)).to.equal(matrixHtml(matrix));
    });
  });
});

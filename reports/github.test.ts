import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { RunEvent } from './events';
import { escapeData, escapeProperty, githubReporter, workflowCommand } from './github';
import { codeBlock, githubSummaryReporter, markdownText } from './github-summary';
import { collect, golden, loadRun } from './testdata/runs';

interface Row {
  name: string;
  input: string;
  want: string;
}
const escaping = parse(readFileSync(join(__dirname, 'testdata', 'github-escaping.yaml'), 'utf8')) as { data: Row[]; property: Row[] };

describe('workflow command escaping', () => {
  for (const { name, input, want } of escaping.data) it(`data: ${name}`, () => expect(escapeData(input)).to.equal(want));
  for (const { name, input, want } of escaping.property) it(`property: ${name}`, () => expect(escapeProperty(input)).to.equal(want));
});

describe('workflowCommand', () => {
  const table = [
    {
      name: 'writes the properties in order, escaped',
      args: ['error', { file: 'cases/a,b.yaml', line: 3, col: 7, title: 'iamspec: x' }, 'm\nn'] as const,
      want: '::error file=cases/a%2Cb.yaml,line=3,col=7,title=iamspec%3A x::m%0An\n',
    },
    {
      name: 'leaves out absent, empty and zero properties, as the toolkit leaves out falsy ones',
      args: ['warning', { file: '', line: 0, col: undefined, title: 't' }, 'w'] as const,
      want: '::warning title=t::w\n',
    },
    { name: 'writes a bare command without properties', args: ['notice', {}, '5 more'] as const, want: '::notice::5 more\n' },
  ];
  for (const { name, args, want } of table) it(name, () => expect(workflowCommand(args[0], args[1], args[2])).to.equal(want));
});

/** `count` failing cases and `warnings` warnings in one suite. */
function manyProblems(count: number, warnings: number): RunEvent[] {
  const suite = { name: 's', file: 'cases/s.yaml' };
  const stats = { passed: 0, failed: count, skipped: 0, errors: 0, warnings };
  const events: RunEvent[] = [
    { kind: 'runStart', time: new Date(0), files: [suite.file] },
    { kind: 'suiteStart', suite, time: new Date(0) },
  ];
  const diagnostics = Array.from({ length: warnings }, (_, i) => ({
    code: 'UNKNOWN_ACTION' as const,
    severity: 'warning' as const,
    message: `w${i}`,
    file: suite.file,
    line: i + 1,
    column: 1,
  }));
  if (warnings > 0) events.push({ kind: 'suiteWarnings', suite, diagnostics });
  for (let i = 0; i < count; i++) {
    const location = { file: suite.file, line: 100 + i, column: 5 };
    const info = { name: `c${i}`, principal: 'p', action: 's3:GetObject', resource: '*', expected: 'allow' as const, location };
    events.push({ kind: 'case', suite, case: info, result: { outcome: 'fail', actual: 'implicitDeny', durationMs: 0 } });
  }
  events.push({ kind: 'suiteEnd', suite, stats, durationMs: 0 }, { kind: 'runEnd', stats, durationMs: 0 });
  return events;
}

describe('githubReporter', () => {
  it('annotates failures, errors of unusable files and warnings at their YAML lines', () => {
    const { events, locate } = loadRun('mixed');
    const out = collect(githubReporter({ locate })(events));
    expect(out).to.equal(golden('mixed.github.txt', out));
    for (const line of out.trimEnd().split('\n')) expect(line).to.match(/^::(error|warning|notice) /);
  });

  const caps = [
    { name: 'prints every annotation up to the limit, with no notice', failures: 10, warnings: 10, errors: 10, notice: undefined },
    {
      name: 'prints the first 10 errors and 10 warnings, then one notice counting the rest',
      failures: 13,
      warnings: 11,
      errors: 10,
      notice:
        '::notice title=iamspec%3A more problems in the log::3 more errors and 1 more warning not shown as annotations (GitHub shows 10 of each kind per step); the log lists every one\n',
    },
    {
      name: 'counts only the kind over the limit',
      failures: 12,
      warnings: 0,
      errors: 10,
      notice:
        '::notice title=iamspec%3A more problems in the log::2 more errors not shown as annotations (GitHub shows 10 of each kind per step); the log lists every one\n',
    },
  ];
  for (const { name, failures, warnings, errors, notice } of caps) {
    it(name, () => {
      const lines = [...githubReporter()(manyProblems(failures, warnings))];
      expect(lines.filter((l) => l.startsWith('::error ')).length).to.equal(errors);
      expect(lines.filter((l) => l.startsWith('::warning ')).length).to.equal(Math.min(warnings, 10));
      expect(lines.filter((l) => l.startsWith('::error ')).at(-1)).to.include(`line=${100 + errors - 1},col=5`);
      const notices = lines.filter((l) => l.startsWith('::notice'));
      expect(notices).to.deep.equal(notice === undefined ? [] : [notice]);
      if (notice) expect(lines.at(-1)).to.equal(notice);
    });
  }

  it('writes paths relative to the working directory', () => {
    const events = manyProblems(1, 0).map((e) =>
      e.kind === 'case' ? { ...e, case: { ...e.case, location: { ...e.case.location, file: '/repo/cases/s.yaml' } } } : e,
    );
    expect(collect(githubReporter({ cwd: '/repo' })(events))).to.include('::error file=cases/s.yaml,line=100,col=5,');
  });
});

describe('githubSummaryReporter', () => {
  it('writes the counts per suite, the failures with their locations and explanations, and the input errors', () => {
    const { events, locate } = loadRun('mixed');
    const md = collect(githubSummaryReporter({ locate })(events));
    expect(md).to.equal(golden('mixed.summary.md', md));
  });

  it('caps the failures it lists and counts the rest', () => {
    const md = collect(githubSummaryReporter()(manyProblems(53, 0)));
    expect(md.match(/^- \*\*c\d+\*\*/gm)).to.have.length(50);
    expect(md).to.include('- … and 3 more failures (the log lists every one)\n');
  });

  const text = [
    { name: 'escapes Markdown and HTML', input: 'a|b <img> *x* [l](u)', want: 'a\\|b \\<img\\> \\*x\\* \\[l\\]\\(u\\)' },
    { name: 'puts a multi-line name on one line', input: 'a\nb\r\nc', want: 'a b c' },
  ];
  for (const { name, input, want } of text) it(`markdownText ${name}`, () => expect(markdownText(input)).to.equal(want));

  it('fences a code block so that backticks in it cannot close it', () => {
    expect(codeBlock('a ``` b')).to.equal('````\na ``` b\n````\n');
    expect(codeBlock('plain', '  ')).to.equal('  ```\n  plain\n  ```\n');
  });
});

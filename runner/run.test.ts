import { expect } from 'chai';
import type { RunEvent } from '../reports/events';
import type { CoverageCollector } from './coverage';
import type { Span } from './diagnostics';
import type { AuthorizationRequest, Decision, EvaluateOptions, Explanation } from './engine/types';
import type { TestCase } from './plan';
import { runSuites, satisfies, type Clock, type SuitePlan } from './run';

const span: Span = { file: 's.yaml', start: 10, end: 20 };

function testCase(action: string, expected: TestCase['expected'], skip?: string): TestCase {
  const c: TestCase = {
    name: `e › app › ${action} on db`,
    principal: 'app',
    resource: 'db',
    action,
    expected,
    request: { principal: { arn: 'arn:aws:iam::111122223333:role/app' }, action, context: {} },
    policies: { identity: [] },
    span,
  };
  if (skip) c.skip = skip;
  return c;
}

/** A fake engine: decisions by action; records whether each call asked for an explanation. */
function fakeEngine(decisions: Record<string, Decision>) {
  const calls: string[] = [];
  const evaluate = (request: AuthorizationRequest, _p: unknown, options?: EvaluateOptions) => {
    const untraced = options?.statementTraces === false ? ' untraced' : '';
    calls.push(`${request.action}${options?.explain ? ' explain' : ''}${untraced}`);
    const decision = decisions[request.action];
    return options?.explain
      ? { decision, explanation: { decision, summary: `why ${request.action}${untraced}` } as unknown as Explanation }
      : { decision };
  };
  return { evaluate, calls };
}

/** A clock that advances 1 ms per reading, from a fixed date. */
function fixedClock(): Clock {
  let t = 0;
  return { now: () => new Date('2026-01-02T03:04:05Z'), elapsed: () => t++ };
}

const locate = (s: Span) => ({ file: s.file, line: 2, column: 3 });

describe('runSuites', () => {
  it('deny accepts either kind of deny; the others are exact', () => {
    const table: [TestCase['expected'], Decision, boolean][] = [
      ['deny', 'implicitDeny', true],
      ['deny', 'explicitDeny', true],
      ['deny', 'allow', false],
      ['allow', 'allow', true],
      ['implicitDeny', 'explicitDeny', false],
      ['explicitDeny', 'explicitDeny', true],
    ];
    for (const [expected, actual, want] of table) expect(satisfies(expected, actual), `${expected} vs ${actual}`).to.equal(want);
  });

  it('emits mocha-like events with outcomes, explaining only failures', () => {
    const engine = fakeEngine({ 'a:Pass': 'allow', 'a:Fail': 'allow', 'a:Skip': 'allow' });
    const suites: SuitePlan[] = [
      {
        kind: 'cases',
        suite: { name: 'one', file: 's.yaml' },
        cases: [testCase('a:Pass', 'allow'), testCase('a:Fail', 'deny'), testCase('a:Skip', 'allow', '`skip: true`')],
        warnings: [],
      },
      {
        kind: 'error',
        suite: { name: 'bad.yaml', file: 'bad.yaml' },
        diagnostics: [{ code: 'SCHEMA', severity: 'error', message: 'boom', file: 'bad.yaml' }],
      },
    ];
    const events = [...runSuites(suites, { evaluate: engine.evaluate, clock: fixedClock(), locate })];
    const summary = events.map((e: RunEvent) =>
      e.kind === 'case'
        ? `case ${e.case.action} ${e.result.outcome} ${e.result.actual ?? '-'} ${e.result.explanation ? 'explained' : ''}`.trim()
        : e.kind,
    );
    expect(summary).to.deep.equal([
      'runStart',
      'suiteStart',
      'case a:Pass pass allow',
      'case a:Fail fail allow explained',
      'case a:Skip skip -',
      'suiteEnd',
      'suiteStart',
      'suiteError',
      'suiteEnd',
      'runEnd',
    ]);
    expect(engine.calls).to.deep.equal(['a:Pass', 'a:Fail', 'a:Fail explain']);
    const end = events[events.length - 1];
    expect(end).to.deep.include({ kind: 'runEnd', stats: { passed: 1, failed: 1, skipped: 1, errors: 1, warnings: 0 } });
    const first = events.find((e) => e.kind === 'case');
    expect(first && first.kind === 'case' && first.case).to.deep.equal({
      name: 'e › app › a:Pass on db',
      principal: 'app',
      action: 'a:Pass',
      resource: 'db',
      expected: 'allow',
      location: { file: 's.yaml', line: 2, column: 3 },
    });
    expect(first && first.kind === 'case' && first.result.durationMs).to.equal(1);
  });

  it('explains every case in one evaluation when asked (--json)', () => {
    const engine = fakeEngine({ 'a:Pass': 'allow', 'a:Fail': 'implicitDeny' });
    const suites: SuitePlan[] = [
      {
        kind: 'cases',
        suite: { name: 'one', file: 's.yaml' },
        cases: [testCase('a:Pass', 'allow'), testCase('a:Fail', 'allow')],
        warnings: [],
      },
    ];
    const events = [...runSuites(suites, { evaluate: engine.evaluate, clock: fixedClock(), locate, explainAll: true })];
    expect(engine.calls).to.deep.equal(['a:Pass explain', 'a:Fail explain']);
    expect(events.filter((e) => e.kind === 'case' && e.result.explanation).length).to.equal(2);
  });

  it('without the traces of passing cases (--json-trace failures), explains a failure again with its traces', () => {
    const engine = fakeEngine({ 'a:Pass': 'allow', 'a:Fail': 'implicitDeny' });
    const suites: SuitePlan[] = [
      {
        kind: 'cases',
        suite: { name: 'one', file: 's.yaml' },
        cases: [testCase('a:Pass', 'allow'), testCase('a:Fail', 'allow')],
        warnings: [],
      },
    ];
    const options = { evaluate: engine.evaluate, clock: fixedClock(), locate, explainAll: true, passingTraces: false };
    const events = [...runSuites(suites, options)];
    expect(engine.calls).to.deep.equal(['a:Pass explain untraced', 'a:Fail explain untraced', 'a:Fail explain']);
    const summaries = events.flatMap((e) => (e.kind === 'case' ? [(e.result.explanation as unknown as { summary: string }).summary] : []));
    expect(summaries).to.deep.equal(['why a:Pass untraced', 'why a:Fail']);
  });

  it('with coverage, explains each evaluated case once, records it, keeps only failures explained, and ends with the coverage', () => {
    const engine = fakeEngine({ 'a:Pass': 'allow', 'a:Fail': 'implicitDeny', 'a:Skip': 'allow' });
    const suites: SuitePlan[] = [
      {
        kind: 'cases',
        suite: { name: 'one', file: 's.yaml' },
        cases: [testCase('a:Pass', 'allow'), testCase('a:Fail', 'allow'), testCase('a:Skip', 'allow', '`skip: true`')],
        warnings: [],
      },
    ];
    const recorded: unknown[] = [];
    const collector = {
      record: (e: Explanation) => void recorded.push(e),
      result: () => ({ percent: 42 }),
    } as unknown as CoverageCollector;
    const result = { locate, root: '/r', isManaged: () => false };
    const events = [...runSuites(suites, { evaluate: engine.evaluate, clock: fixedClock(), locate, coverage: { collector, result } })];
    expect(engine.calls).to.deep.equal(['a:Pass explain', 'a:Fail explain']);
    expect(recorded).to.deep.equal([
      { decision: 'allow', summary: 'why a:Pass' },
      { decision: 'implicitDeny', summary: 'why a:Fail' },
    ]);
    expect(events.filter((e) => e.kind === 'case' && e.result.explanation).map((e) => e.kind === 'case' && e.case.action)).to.deep.equal([
      'a:Fail',
    ]);
    expect(events[events.length - 1]).to.deep.include({ kind: 'runEnd', coverage: { percent: 42 } });
  });

  it('without coverage, runEnd carries none', () => {
    const engine = fakeEngine({ 'a:Pass': 'allow' });
    const suites: SuitePlan[] = [
      { kind: 'cases', suite: { name: 'one', file: 's.yaml' }, cases: [testCase('a:Pass', 'allow')], warnings: [] },
    ];
    const events = [...runSuites(suites, { evaluate: engine.evaluate, clock: fixedClock(), locate })];
    expect(events[events.length - 1]).not.to.have.property('coverage');
  });

  it('reports warnings of a usable file before its cases', () => {
    const engine = fakeEngine({ 'a:Pass': 'allow' });
    const warning = { code: 'UNKNOWN_ACTION' as const, severity: 'warning' as const, message: 'w', file: 's.yaml' };
    const suites: SuitePlan[] = [
      { kind: 'cases', suite: { name: 'one', file: 's.yaml' }, cases: [testCase('a:Pass', 'allow')], warnings: [warning] },
    ];
    const events = [...runSuites(suites, { evaluate: engine.evaluate, clock: fixedClock(), locate })];
    expect(events.map((e) => e.kind)).to.deep.equal(['runStart', 'suiteStart', 'suiteWarnings', 'case', 'suiteEnd', 'runEnd']);
    expect(events[events.length - 1]).to.deep.include({ stats: { passed: 1, failed: 0, skipped: 0, errors: 0, warnings: 1 } });
  });
});

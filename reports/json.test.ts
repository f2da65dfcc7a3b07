import { expect } from 'chai';
import type { Explanation, RunEvent } from './events';
import { jsonReporter, type JsonTrace } from './json';
import type { Locate } from './locate';
import { expectedExplanation } from './testdata/json-expected';
import { collect, golden, loadRun } from './testdata/runs';

/** The case lines of a report: one compact JSON object per line. */
function caseLines(out: string): string[] {
  return out
    .split('\n')
    .filter((l) => l.startsWith('        {"name":'))
    .map((l) => l.trim().replace(/,$/, ''));
}

/** The mixed run with its failed case repeated as a passing one and given a dependent request. */
function mixedWithPassAndDependent(): { events: RunEvent[]; locate: Locate } {
  const { events, locate } = loadRun('mixed');
  const i = events.findIndex((e) => e.kind === 'case' && e.result.outcome === 'fail');
  const fail = events[i];
  if (fail?.kind !== 'case' || !fail.result.explanation) throw new Error('the mixed run has no failed case with an explanation');
  const explanation: Explanation = {
    ...fail.result.explanation,
    dependents: [
      {
        service: 'secretsmanager',
        id: 'decryptSecretValue',
        action: 'kms:Decrypt',
        resource: 'arn:aws:kms:us-east-1:111122223333:key/k',
        explanation: fail.result.explanation,
      },
    ],
  };
  const pass: RunEvent = { ...fail, result: { outcome: 'pass', actual: 'allow', durationMs: 0.5, explanation } };
  return { events: [...events.slice(0, i + 1), pass, ...events.slice(i + 1)], locate };
}

describe('jsonReporter', () => {
  const table = [
    { name: 'writes every case with decision, explanation, diagnostics and stats', run: 'mixed' },
    { name: 'writes an empty suite list for a run without scenario files', run: 'empty' },
    { name: 'keeps hostile strings intact', run: 'hostile' },
  ];
  for (const { name, run } of table) {
    it(name, () => {
      const { events, locate } = loadRun(run);
      const out = collect(jsonReporter({ locate })(events));
      expect(out).to.equal(golden(`${run}.json`, out));
      expect(() => JSON.parse(out) as unknown).not.to.throw();
      // Each case is compact JSON on a line of its own.
      for (const line of caseLines(out)) expect(line).to.equal(JSON.stringify(JSON.parse(line)));
    });
  }

  it('writes one line per case, and the document says which cases carry the trace', () => {
    for (const trace of ['failures', 'all'] as const) {
      const { events, locate } = mixedWithPassAndDependent();
      const out = collect(jsonReporter({ locate, trace })(events));
      const doc = JSON.parse(out) as { trace: JsonTrace; suites: { cases: unknown[] }[] };
      expect(doc.trace).to.equal(trace);
      const cases = doc.suites.flatMap((s) => s.cases);
      expect(caseLines(out).map((l) => JSON.parse(l) as unknown)).to.deep.equal(cases);
    }
  });

  const traces: { name: string; trace: JsonTrace | undefined; passHasPolicies: boolean }[] = [
    { name: 'by default only a failed case carries the statement trace', trace: undefined, passHasPolicies: false },
    { name: '`failures` gives the statement trace to failed cases only', trace: 'failures', passHasPolicies: false },
    { name: '`all` gives every explained case the statement trace', trace: 'all', passHasPolicies: true },
  ];
  for (const { name, trace, passHasPolicies } of traces) {
    it(`${name}, and loses nothing else of the explanation`, () => {
      const { events, locate } = mixedWithPassAndDependent();
      const out = collect(jsonReporter({ locate, ...(trace ? { trace } : {}) })(events));
      const written = caseLines(out).map((l) => JSON.parse(l) as { outcome: string; explanation?: { policies?: unknown } });
      const explained = events.flatMap((e) => (e.kind === 'case' && e.result.explanation ? [e.result] : []));
      const withExplanation = written.filter((c) => c.explanation !== undefined);
      expect(withExplanation.map((c) => c.outcome)).to.deep.equal(['fail', 'pass', 'fail']);
      withExplanation.forEach((c, i) => {
        const withPolicies = c.outcome === 'fail' || passHasPolicies;
        expect(c.explanation, c.outcome).to.deep.equal(expectedExplanation(explained[i].explanation!, locate, withPolicies));
        expect(c.explanation?.policies !== undefined, c.outcome).to.equal(withPolicies);
      });
    });
  }

  it('writes the keys of an explanation in the documented order', () => {
    const { events, locate } = mixedWithPassAndDependent();
    const out = collect(jsonReporter({ locate })(events));
    const pass = caseLines(out)
      .map((l) => JSON.parse(l) as { outcome: string; explanation?: Record<string, unknown> })
      .find((c) => c.outcome === 'pass' && c.explanation);
    expect(Object.keys(pass!.explanation!)).to.deep.equal([
      'decision',
      'rule',
      'decidedBy',
      'grantedBy',
      'deciding',
      'layers',
      'request',
      'context',
      'missingContextKeys',
      'dependents',
    ]);
    expect(Object.keys((pass!.explanation!.request as object) ?? {})).to.deep.equal([
      'action',
      'principalKind',
      'principalAccount',
      'resourceAccount',
      'sameAccount',
      'hasResourcePolicy',
    ]);
  });

  it('gives explanation spans a line and column when they can be located', () => {
    const { events, locate } = loadRun('mixed');
    const doc = JSON.parse(collect(jsonReporter({ locate })(events)));
    const fail = doc.suites[0].cases[1];
    expect(fail.explanation.deciding[0].span).to.deep.equal({
      column: 5,
      end: 183,
      file: 'policies/app-read.json',
      line: 4,
      start: 50,
    });
    expect(fail.explanation.policies[0].statements[1].conditions[0].span).to.include({ line: 14, column: 22 });
    const other = doc.suites[0].cases[2];
    expect(other.explanation.policies[0].span).to.deep.equal({ end: 260, file: 'cases/payments.yaml', start: 120 });
  });

  it('marks an unusable file and keeps its diagnostics', () => {
    const { events } = loadRun('mixed');
    const doc = JSON.parse(collect(jsonReporter()(events)));
    expect(doc.suites.map((s: { usable: boolean }) => s.usable)).to.deep.equal([true, false, true]);
    expect(doc.suites[1].cases).to.deep.equal([]);
    expect(doc.suites[1].diagnostics.map((d: { code: string }) => d.code)).to.deep.equal(['BAD_EFFECT', 'READ_ERROR']);
    expect(doc.stats).to.deep.equal({ passed: 3, failed: 2, skipped: 1, errors: 2, warnings: 1 });
  });

  it('keeps a context key named `__proto__` as an ordinary key, keys sorted', () => {
    const { events } = loadRun('mixed');
    const event = events.find((e) => e.kind === 'case' && e.result.explanation?.context['aws:PrincipalTag/team'] !== undefined);
    if (event?.kind !== 'case' || !event.result.explanation) throw new Error('the mixed run has no case with a context');
    // JSON.parse makes `__proto__` an own key, as a scenario's context map does.
    Object.assign(event.result.explanation, { context: { ...event.result.explanation.context, ...JSON.parse('{"__proto__": "x"}') } });
    const out = collect(jsonReporter()(events));
    expect(out).to.include('"__proto__":"x"');
    const doc = JSON.parse(out);
    const context = doc.suites[0].cases[1].explanation.context;
    expect(Object.keys(context)).to.deep.equal(['__proto__', 'aws:PrincipalAccount', 'aws:PrincipalArn', 'aws:PrincipalTag/team']);
    expect(Object.getOwnPropertyDescriptor(context, '__proto__')?.value).to.equal('x');
  });
});

import { expect } from 'chai';
import { jsonReporter } from './json';
import { collect, golden, loadRun } from './testdata/runs';

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
      // Streamed, yet exactly what JSON.stringify would print for the whole document.
      expect(out).to.equal(`${JSON.stringify(JSON.parse(out), null, 2)}\n`);
    });
  }

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

  it('keeps a context key named `__proto__` as an ordinary key', () => {
    const { events } = loadRun('mixed');
    const event = events.find((e) => e.kind === 'case' && e.result.explanation?.context['aws:PrincipalTag/team'] !== undefined);
    if (event?.kind !== 'case' || !event.result.explanation) throw new Error('the mixed run has no case with a context');
    // JSON.parse makes `__proto__` an own key, as a scenario's context map does.
    Object.assign(event.result.explanation, { context: { ...event.result.explanation.context, ...JSON.parse('{"__proto__": "x"}') } });
    const out = collect(jsonReporter()(events));
    expect(out).to.include('"__proto__": "x"');
    const doc = JSON.parse(out);
    const context = doc.suites[0].cases[1].explanation.context;
    expect(Object.keys(context)).to.deep.equal(['__proto__', 'aws:PrincipalAccount', 'aws:PrincipalArn', 'aws:PrincipalTag/team']);
    expect(Object.getOwnPropertyDescriptor(context, '__proto__')?.value).to.equal('x');
  });
});

import { expect } from 'chai';
import { consoleReporter, formatDuration, printable } from './console';
import { collect, golden, loadRun } from './testdata/runs';

/** Removes ANSI color sequences. */
function stripAnsi(text: string): string {
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

describe('consoleReporter', () => {
  const table = [
    { name: 'prints suites, warnings, numbered failures with explanations, errors and the summary', run: 'mixed' },
    { name: 'prints only the summary for a run without scenario files', run: 'empty' },
    { name: 'shows control characters in user values instead of sending them to the terminal', run: 'hostile' },
  ];
  for (const { name, run } of table) {
    it(name, () => {
      const { events, locate } = loadRun(run);
      const out = collect(consoleReporter({ color: false, locate })(events));
      expect(out).to.equal(golden(`${run}.console.txt`, out));
    });
  }

  it('prints without ANSI sequences when colors are off', () => {
    const { events, locate } = loadRun('mixed');
    expect(collect(consoleReporter({ color: false, locate })(events))).not.to.include('\x1b[');
  });

  it('colors marks and counts when colors are on, with the same text underneath', () => {
    const { events, locate } = loadRun('mixed');
    const plain = collect(consoleReporter({ color: false, locate })(events));
    const colored = collect(consoleReporter({ color: true, locate })(events));
    expect(colored).to.include('\x1b[32m✓\x1b[39m');
    expect(colored).to.include('\x1b[31m✗ 1) bob is denied');
    expect(colored).to.include('\x1b[36m- later');
    expect(colored).to.include('\x1b[31m2 failed\x1b[39m');
    expect(colored).to.include('\x1b[33m1 warning\x1b[39m');
    expect(stripAnsi(colored)).to.equal(plain);
  });

  it('does not mutate the events', () => {
    const { events, locate } = loadRun('mixed');
    const before = JSON.stringify(events);
    collect(consoleReporter({ color: true, locate })(events));
    expect(JSON.stringify(events)).to.equal(before);
  });

  it('yields each line as its event arrives', () => {
    const { events } = loadRun('mixed');
    let pulled = 0;
    function* counting() {
      for (const e of events) {
        pulled++;
        yield e;
      }
    }
    const it = consoleReporter({ color: false })(counting())[Symbol.iterator]();
    expect(it.next().value).to.equal('\n  Payments secret  cases/payments.yaml\n');
    expect(pulled).to.equal(2);
  });
});

describe('formatDuration', () => {
  const table = [
    { ms: 0, want: '0ms' },
    { ms: 12.4, want: '12ms' },
    { ms: 999.4, want: '999ms' },
    { ms: 1432, want: '1.43s' },
    { ms: -5, want: '0ms' },
    { ms: Number.NaN, want: '0ms' },
  ];
  for (const { ms, want } of table) it(`prints ${ms} ms as ${want}`, () => expect(formatDuration(ms)).to.equal(want));
});

describe('printable', () => {
  it('escapes C0 and C1 controls but keeps tab, newline and other text', () => {
    expect(printable('a\x1b[31m\tb\nc\x7f\x9fé✓')).to.equal('a\\u001B[31m\tb\nc\\u007F\\u009Fé✓');
  });
});

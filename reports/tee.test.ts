import { expect } from 'chai';
import { consoleReporter } from './console';
import type { Reporter, RunEvent } from './events';
import { jsonReporter } from './json';
import { junitReporter } from './junit';
import { tee } from './tee';
import { collect, loadRun } from './testdata/runs';

/** Yields `events`, counting how many were pulled. */
function counted(events: RunEvent[]): { source: Iterable<RunEvent>; pulls: () => number } {
  let pulls = 0;
  function* source(): Generator<RunEvent> {
    for (const e of events) {
      pulls++;
      yield e;
    }
  }
  return { source: source(), pulls: () => pulls };
}

describe('tee', () => {
  const table: {
    name: string;
    run: string;
    lead: (l: ReturnType<typeof loadRun>['locate']) => Reporter;
    followers: ((l: ReturnType<typeof loadRun>['locate']) => Reporter)[];
  }[] = [
    {
      name: 'console leads, JUnit and JSON follow',
      run: 'mixed',
      lead: (locate) => consoleReporter({ color: false, locate }),
      followers: [(locate) => junitReporter({ locate }), (locate) => jsonReporter({ locate })],
    },
    {
      name: 'JUnit leads, the console follows',
      run: 'mixed',
      lead: (locate) => junitReporter({ locate }),
      followers: [(locate) => consoleReporter({ color: false, locate })],
    },
    {
      name: 'a run without suites',
      run: 'empty',
      lead: (locate) => consoleReporter({ color: false, locate }),
      followers: [(locate) => junitReporter({ locate })],
    },
    { name: 'hostile values, no follower', run: 'hostile', lead: (locate) => jsonReporter({ locate }), followers: [] },
  ];
  for (const { name, run, lead, followers } of table) {
    it(`gives every reporter the output it has alone, reading the source once: ${name}`, () => {
      const { events, locate } = loadRun(run);
      const { source, pulls } = counted(events);
      const outputs = followers.map(() => [] as string[]);
      const led = collect(
        tee(
          source,
          lead(locate),
          followers.map((f, i) => ({ reporter: f(locate), write: (c: string) => void outputs[i].push(c) })),
        ),
      );
      expect(led).to.equal(collect(lead(locate)(events)));
      followers.forEach((f, i) => expect(outputs[i].join(''), `follower ${i}`).to.equal(collect(f(locate)(events))));
      expect(pulls()).to.equal(events.length);
    });
  }

  it('feeds a follower while the lead is still running', () => {
    const { events, locate } = loadRun('mixed');
    const seen: string[] = [];
    const it = tee(events, consoleReporter({ color: false, locate }), [
      { reporter: junitReporter({ locate }), write: (c) => void seen.push(c) },
    ])[Symbol.iterator]();
    it.next();
    expect(seen[0]).to.match(/^<\?xml/);
    // The first suite ends before the second suite's line is printed.
    while (!seen.some((c) => c.includes('<testsuite '))) expect(it.next().done).to.equal(false);
  });
});

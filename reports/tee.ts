/**
 * One event stream, several reporters: the console, JUnit and JSON reporters read the events of
 * one run as they are produced, instead of the run recording every event for the reports written
 * after it (100,000 cases cost about 100 MB that way).
 *
 * Reporters pull (`Reporter` in ./events), so each gets its own branch of the stream: a queue of
 * the events the others have already pulled from the source. The lead reporter's output is the
 * tee's output; followers are stepped after each event the source produces, until they have caught
 * up, and their chunks go to their `write`. A reporter that yields seldom (JUnit yields once per
 * suite) pulls ahead of the others while it runs, so the others' queues hold at most about one
 * suite of events.
 */
import type { Reporter, RunEvent } from './events';

/** A reporter whose chunks are handed to `write` as they are produced. */
export interface Follower {
  reporter: Reporter;
  write: (chunk: string) => void;
}

/** The events one reporter has not read yet; refilled from the shared source when empty. */
class Branch implements Iterable<RunEvent> {
  queue: (RunEvent | undefined)[] = [];
  head = 0;
  /** Its reader is done: events are no longer queued for it. */
  closed = false;
  constructor(private readonly pull: () => boolean) {}

  get pending(): boolean {
    return this.head < this.queue.length;
  }

  *[Symbol.iterator](): Generator<RunEvent> {
    for (;;) {
      if (this.head === this.queue.length) {
        this.queue.length = 0;
        this.head = 0;
        if (!this.pull()) return;
        continue;
      }
      const event = this.queue[this.head] as RunEvent;
      // Let a read event be collected as soon as every reporter is done with it.
      this.queue[this.head++] = undefined;
      yield event;
    }
  }
}

/** A follower being run. */
interface Running {
  branch: Branch;
  chunks: Iterator<string>;
  write: (chunk: string) => void;
  done: boolean;
}

/**
 * Runs `lead` and every follower over one pass of `events`. Yields the lead's chunks; when the
 * lead is done, the rest of the source is read and every follower runs to its end.
 */
export function* tee(events: Iterable<RunEvent>, lead: Reporter, followers: readonly Follower[]): Generator<string> {
  const source = events[Symbol.iterator]();
  let ended = false;
  let draining = false;
  const branches: Branch[] = [];
  const running: Running[] = [];

  const step = (f: Running): void => {
    const next = f.chunks.next();
    if (next.done) {
      f.done = true;
      f.branch.closed = true;
    } else f.write(next.value);
  };
  // Steps every follower until none has an unread event (a follower that pulls while being
  // stepped refills the other queues, hence the outer loop).
  const drain = (): void => {
    if (draining) return;
    draining = true;
    try {
      let progress = true;
      while (progress) {
        progress = false;
        for (const f of running) {
          while (!f.done && f.branch.pending) {
            step(f);
            progress = true;
          }
        }
      }
    } finally {
      draining = false;
    }
  };
  const pull = (): boolean => {
    if (ended) return false;
    const next = source.next();
    if (next.done) {
      ended = true;
      return false;
    }
    for (const b of branches) if (!b.closed) b.queue.push(next.value);
    drain();
    return true;
  };

  const leadBranch = new Branch(pull);
  branches.push(leadBranch);
  for (const f of followers) {
    const branch = new Branch(pull);
    branches.push(branch);
    running.push({ branch, chunks: f.reporter(branch)[Symbol.iterator](), write: f.write, done: false });
  }
  yield* lead(leadBranch);
  leadBranch.closed = true;
  while (pull());
  for (const f of running) while (!f.done) step(f);
}

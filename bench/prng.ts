/**
 * A small seeded pseudo-random generator for the benchmark's workloads, so every run of the bench
 * measures the same requests (Math.random would give a different mix each time).
 */

/** A seeded generator: mulberry32, 32-bit state, period 2^32 (plenty for a workload). */
export class Prng {
  private state: number;

  /** Starts the sequence at `seed` (any 32-bit integer). */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The next float in [0, 1). */
  next(): number {
    // mulberry32 (Tommy Ettinger, public domain): one add, three multiply-xorshift rounds.
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }
}

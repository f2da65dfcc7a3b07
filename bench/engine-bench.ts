/**
 * Engine throughput and per-decision latency on the generated workload.
 *
 * Throughput is given per second of wall time and per second of CPU time (`process.cpuUsage()`,
 * which also counts V8's garbage-collection threads): on a machine shared with other processes the
 * first drops, the second barely moves.
 *
 * How latency is measured: `process.hrtime.bigint()` costs tens of nanoseconds, close to one
 * decision, so timing each decision alone would mostly measure the timer. The workload is cut into
 * batches of {@link EngineBenchOptions.batch} consecutive requests; each batch is timed with two
 * hrtime readings, the cost of one reading (measured beforehand) is subtracted, and the rest is
 * divided by the batch size. That gives one latency sample per batch: p50/p99 are percentiles of
 * those per-batch means, so a single slow decision inside a batch is averaged with its neighbours
 * (garbage-collection pauses still show up as slow batches).
 */
import { evaluate } from '../runner/engine';
import type { Decision } from '../runner/engine/types';
import { elapsedNs, median, quantile } from './stats';
import type { WorkItem } from './workload';

/** How to run the engine bench. */
export interface EngineBenchOptions {
  /** Build explanations. Default: `false`. */
  explain?: boolean;
  /** Measured runs; each is one full pass over the workload. */
  runs: number;
  /** Untimed passes before measuring (JIT warm-up, policy compilation). */
  warmup: number;
  /** Requests per latency sample. Default: 64. */
  batch?: number;
  /** Passes over the workload per throughput measurement, so each lasts well above the CPU clock's tick. Default: 5. */
  passes?: number;
}

/** One engine bench figure: medians over runs. */
export interface EngineFigures {
  /** Decisions per second of wall time. */
  decisionsPerSecond: number;
  /** Decisions per second of this process's CPU time (user+system): barely affected by other processes. */
  decisionsPerCpuSecond: number;
  p50Micros: number;
  p99Micros: number;
  /** How many decisions of each kind one pass makes (shows the workload's mix). */
  mix: Record<Decision, number>;
  runs: number;
}

/** The cost of one `process.hrtime.bigint()` reading in nanoseconds (median of 5 rounds). */
export function timerCostNs(): number {
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const n = 10_000;
    const start = process.hrtime.bigint();
    let sink = 0n;
    for (let i = 0; i < n; i++) sink ^= process.hrtime.bigint();
    rounds.push(elapsedNs(start) / n);
    if (sink === -1n) rounds.push(0);
  }
  return median(rounds);
}

/** Runs the engine bench on `work`. */
export function benchEngine(work: readonly WorkItem[], options: EngineBenchOptions): EngineFigures {
  const explain = options.explain === true;
  const opts = { explain };
  const batch = options.batch ?? 64;
  const mix: Record<Decision, number> = { allow: 0, implicitDeny: 0, explicitDeny: 0 };
  for (let w = 0; w < options.warmup; w++) {
    for (const item of work) mix[evaluate(item.request, item.policies, opts).decision]++;
  }
  for (const k of Object.keys(mix) as Decision[]) mix[k] = options.warmup > 0 ? mix[k] / options.warmup : 0;
  const timer = timerCostNs();
  const passes = options.passes ?? 5;
  const rates: number[] = [];
  const cpuRates: number[] = [];
  const p50s: number[] = [];
  const p99s: number[] = [];
  let sink = 0;
  for (let r = 0; r < options.runs; r++) {
    // Throughput: passes with nothing but the engine in the loop, timed as a whole.
    const cpu0 = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (let p = 0; p < passes; p++) for (const item of work) sink += evaluate(item.request, item.policies, opts).decision.length;
    const wallS = elapsedNs(start) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    rates.push((passes * work.length) / wallS);
    cpuRates.push((passes * work.length) / ((cpu.user + cpu.system) / 1e6));
    // Latency: one more pass in batches.
    const samples: number[] = [];
    for (let b = 0; b + batch <= work.length; b += batch) {
      const t0 = process.hrtime.bigint();
      for (let i = b; i < b + batch; i++) sink += evaluate(work[i].request, work[i].policies, opts).decision.length;
      samples.push(Math.max(0, elapsedNs(t0) - timer) / batch / 1000);
    }
    p50s.push(quantile(samples, 0.5));
    p99s.push(quantile(samples, 0.99));
  }
  if (sink < 0) throw new Error('unreachable: decisions have names');
  return {
    decisionsPerSecond: median(rates),
    decisionsPerCpuSecond: median(cpuRates),
    p50Micros: median(p50s),
    p99Micros: median(p99s),
    mix,
    runs: options.runs,
  };
}

/** Counts requests on which the fast path and the explaining path disagree (must be 0). */
export function countDisagreements(work: readonly WorkItem[]): number {
  let n = 0;
  for (const item of work) {
    const fast = evaluate(item.request, item.policies).decision;
    const slow = evaluate(item.request, item.policies, { explain: true }).decision;
    if (fast !== slow) n++;
  }
  return n;
}

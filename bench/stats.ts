/**
 * Small statistics helpers for the benchmark: medians of runs and percentiles of samples.
 */

/** The value at quantile `q` (0..1) of `values`, nearest-rank on a sorted copy; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

/** The median of `values` (nearest rank, so always one of the values); NaN when empty. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Nanoseconds elapsed since `start` (a `process.hrtime.bigint()` reading), as a number. */
export function elapsedNs(start: bigint): number {
  return Number(process.hrtime.bigint() - start);
}

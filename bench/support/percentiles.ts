/** A sample's distribution: nearest-rank percentiles, maximum and count. */
export interface Distribution {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of `values` (copied and sorted; the input is left as it is). */
export function distribution(values: ArrayLike<number>): Distribution {
  const sorted = Float64Array.from(values).sort();
  const rank = (p: number) => (sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!);
  return { count: sorted.length, p50: rank(50), p95: rank(95), p99: rank(99), max: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]! };
}

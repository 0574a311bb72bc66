import { performance } from 'node:perf_hooks';

/**
 * Milliseconds since the epoch with sub-millisecond resolution, comparable between the benchmark's
 * processes on one machine (each process's monotonic clock anchored at its own time origin).
 */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

export function sleepUntil(epochMs: number): Promise<void> {
  const wait = epochMs - epochNow();
  return wait > 0 ? new Promise((resolve) => setTimeout(resolve, wait)) : Promise.resolve();
}

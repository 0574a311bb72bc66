import { performance } from 'node:perf_hooks';

/**
 * Calls `submit(0 … count-1)` from `producers` concurrent loops, as that many clients would, and
 * resolves with the mean latency of one call in milliseconds once every call has returned.
 */
export async function runProducers(count: number, producers: number, submit: (index: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  let totalMs = 0;
  const loop = async () => {
    while (next < count) {
      const index = next++;
      const began = performance.now();
      await submit(index);
      totalMs += performance.now() - began;
    }
  };
  await Promise.all(Array.from({ length: Math.min(producers, count) }, loop));
  return count > 0 ? totalMs / count : 0;
}

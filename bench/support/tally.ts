import { performance } from 'node:perf_hooks';

/** Counts named occurrences and lets a caller await a condition on them, stamped with when it became true. */
export class Tally {
  private readonly counts = new Map<string, number>();
  private readonly waiters = new Set<() => void>();

  count(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  add(name: string): void {
    this.counts.set(name, this.count(name) + 1);
    for (const check of [...this.waiters]) check();
  }

  /** Resolves with `performance.now()` at the moment `condition` held; rejects after `timeoutMs`. */
  until(condition: () => boolean, what: string, timeoutMs: number): Promise<number> {
    if (condition()) return Promise.resolve(performance.now());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`));
      }, timeoutMs);
      const check = () => {
        if (!condition()) return;
        const at = performance.now();
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(at);
      };
      this.waiters.add(check);
    });
  }
}

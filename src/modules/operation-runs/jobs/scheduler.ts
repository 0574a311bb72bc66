import { logger } from '../../../platform/logger.js';

/** Repeats a task on an interval; a run that is still busy is never overlapped by the next tick. */
export class Scheduler {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<Promise<void>>();

  every(name: string, intervalMs: number, task: () => Promise<void>): void {
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      const execution = task()
        .catch((error: unknown) => logger.error(`scheduled task ${name} failed`, { error }))
        .finally(() => {
          busy = false;
          this.running.delete(execution);
        });
      this.running.add(execution);
    }, intervalMs);
    timer.unref();
    this.timers.push(timer);
  }

  /** Stops future ticks and waits for tasks already running. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.length = 0;
    await Promise.allSettled([...this.running]);
  }
}

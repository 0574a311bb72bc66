import { logger } from '../../../platform/logger.js';
import type { RunJobData } from './job-data.js';
import type { QueueGateway } from './queue-gateway.js';

/** Pause before background try `n` (1, 2, …): 0.5 s, 1 s, 2 s, 4 s, then every 5 s. */
function retryDelayMs(n: number): number {
  return Math.min(5000, 250 * 2 ** n);
}

/**
 * Puts jobs on the queue even while Redis is briefly away (restarting, failing over, frozen). The
 * first try answers the caller within the gateway's bound; when it fails, the job is tried again in
 * the background with bounded backoff until `windowMs` after the first try, and only then is
 * `onGiveUp` told the last error. A delayed job keeps its original due time. Adding a job twice is
 * harmless: its id is the attempt id. Retries live in this process; if it dies, the reconciler's
 * queue check is the backstop for a run whose job never arrived.
 */
export class EnqueueRetries {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly queues: QueueGateway,
    private readonly windowMs: number,
  ) {}

  /** Resolves true when the queue took the job at once, false when it is being retried in the background. */
  async enqueue(type: string, data: RunJobData, delayMs: number, onGiveUp: (error: unknown) => Promise<unknown>): Promise<boolean> {
    const firstTry = Date.now();
    const dueAt = firstTry + delayMs;
    const put = () => this.queues.enqueue(type, data, { delayMs: Math.max(0, dueAt - Date.now()) });
    try {
      await put();
      return true;
    } catch (error) {
      logger.warn('the queue did not take the job; trying again in the background', { type, runId: data.runId, attemptId: data.attemptId, error });
      this.retry(put, 1, firstTry, onGiveUp);
      return false;
    }
  }

  private retry(put: () => Promise<void>, n: number, firstTry: number, onGiveUp: (error: unknown) => Promise<unknown>): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      put().then(
        () => logger.info('the queue took the job after retrying', { tries: n + 1 }),
        async (error: unknown) => {
          if (this.closed) return;
          if (Date.now() - firstTry < this.windowMs) return this.retry(put, n + 1, firstTry, onGiveUp);
          await onGiveUp(error).catch((bridgeError: unknown) => logger.error('could not record a job the queue never took', { error, bridgeError }));
        },
      );
    }, retryDelayMs(n));
    this.timers.add(timer);
  }

  /** Stops retrying (process shutdown); runs whose job is still missing are left to the reconciler's queue check. */
  close(): void {
    this.closed = true;
    if (this.timers.size > 0)
      logger.warn('stopping with jobs the queue has not taken yet; the reconciler will judge their runs', { pending: this.timers.size });
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

import type BeeQueue from 'bee-queue';
import { logger } from '../../../platform/logger.js';
import { withTimeout } from '../../../platform/with-timeout.js';
import type { RunJobData } from './job-data.js';
import { beeQueuePrefix, queueName } from './queue-names.js';
import { recoveringQueue } from './recovering-queue.js';

/** What the run service and the reconciler need from the queue. */
export interface QueueGateway {
  /** Adds the attempt's job; adding it again while it exists changes nothing (the job id is the attempt id). */
  enqueue(type: string, data: RunJobData, options?: { delayMs?: number }): Promise<void>;
  /** Whether the job of an attempt still exists in Redis (waiting, delayed or active). */
  jobExists(type: string, attemptId: string): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Producer-side Bee-Queue access; the job id is the attempt id, so each attempt is one job. Every
 * call answers within `commandTimeoutMs` (a Redis that is down or frozen makes it fail, never hang);
 * the queues reload their scripts and reconnect by themselves after a Redis restart.
 */
export class BeeQueueGateway implements QueueGateway {
  private readonly queues = new Map<string, BeeQueue<RunJobData>>();

  constructor(
    private readonly redisUrl: string,
    private readonly redisPrefix: string,
    private readonly commandTimeoutMs: number,
  ) {}

  private queue(type: string): BeeQueue<RunJobData> {
    let queue = this.queues.get(type);
    if (!queue) {
      queue = recoveringQueue<RunJobData>(queueName(type), {
        prefix: beeQueuePrefix(this.redisPrefix),
        redis: { url: this.redisUrl },
        isWorker: false,
        getEvents: false,
        sendEvents: false,
        // Bee-Queue would otherwise keep every saved job in memory and answer getJob from there,
        // so jobExists would report jobs Redis no longer holds (and the map would grow forever).
        storeJobs: false,
        activateDelayedJobs: false,
      });
      queue.on('error', () => undefined);
      this.queues.set(type, queue);
    }
    return queue;
  }

  async enqueue(type: string, data: RunJobData, options: { delayMs?: number } = {}): Promise<void> {
    const job = this.queue(type).createJob(data).setId(data.attemptId).retries(0);
    if (options.delayMs && options.delayMs > 0) job.delayUntil(Date.now() + options.delayMs);
    await withTimeout(job.save(), this.commandTimeoutMs, `enqueue ${type} job ${data.attemptId}`);
  }

  async jobExists(type: string, attemptId: string): Promise<boolean> {
    return (await withTimeout(this.queue(type).getJob(attemptId), this.commandTimeoutMs, `look up ${type} job ${attemptId}`)) !== null;
  }

  async close(): Promise<void> {
    const closing = [...this.queues.values()].map((queue) =>
      withTimeout(queue.close(this.commandTimeoutMs), 2 * this.commandTimeoutMs, 'close a producer queue').catch((error: unknown) =>
        logger.warn('a producer queue did not close cleanly', { error }),
      ),
    );
    this.queues.clear();
    await Promise.all(closing);
  }
}

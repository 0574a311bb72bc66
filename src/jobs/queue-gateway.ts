import BeeQueue from 'bee-queue';
import type { RunJobData } from './job-data.js';
import { beeQueuePrefix, queueName } from './queue-names.js';

/** What the run service and the reconciler need from the queue. */
export interface QueueGateway {
  enqueue(type: string, data: RunJobData, options?: { delayMs?: number }): Promise<void>;
  /** Whether the job of an attempt still exists in Redis (waiting, delayed or active). */
  jobExists(type: string, attemptId: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Producer-side Bee-Queue access; the job id is the attempt id, so each attempt is one job. */
export class BeeQueueGateway implements QueueGateway {
  private readonly queues = new Map<string, BeeQueue<RunJobData>>();

  constructor(
    private readonly redisUrl: string,
    private readonly redisPrefix: string,
  ) {}

  private queue(type: string): BeeQueue<RunJobData> {
    let queue = this.queues.get(type);
    if (!queue) {
      queue = new BeeQueue<RunJobData>(queueName(type), {
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
    await job.save();
  }

  async jobExists(type: string, attemptId: string): Promise<boolean> {
    return (await this.queue(type).getJob(attemptId)) !== null;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close(2000)));
    this.queues.clear();
  }
}

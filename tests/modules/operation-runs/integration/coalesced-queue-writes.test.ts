import type BeeQueue from 'bee-queue';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import type { NodeRedis3Client } from '../../../../src/modules/operation-runs/jobs/coalesced-writes.js';
import { recoveringQueue } from '../../../../src/modules/operation-runs/jobs/recovering-queue.js';
import { REDIS_URL, uniqueName } from '../../../support/services.js';

const PREFIX = uniqueName('coalesce');
const SETTINGS = { prefix: PREFIX, getEvents: false, sendEvents: false, storeJobs: false, removeOnSuccess: true, redis: { url: REDIS_URL } } as const;

/** Counts the writes that reach a socket from now on (each one a system call): one per `_write`, one per `_writev` of several chunks. */
function countSocketWrites(client: NodeRedis3Client): () => number {
  const stream = client.stream as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
  let writes = 0;
  for (const method of ['_write', '_writev'] as const) {
    const original = stream[method];
    stream[method] = function counted(this: unknown, ...args: unknown[]) {
      writes++;
      return original.apply(this, args);
    };
  }
  return () => writes;
}

const clientOf = (queue: BeeQueue, which: 'client' | 'bclient') => (queue as unknown as Record<typeof which, NodeRedis3Client>)[which];

/**
 * Bee-Queue's Redis client writes each command to its socket at once. A queue of ours sends the
 * commands of one turn of the event loop in one write: a launch batch saving ten jobs, or a worker
 * finishing ten, wakes Redis once instead of ten times.
 */
describe('the Redis writes of a queue', () => {
  const queues: BeeQueue[] = [];
  afterAll(async () => {
    await Promise.all(queues.map((queue) => queue.close(1000).catch(() => undefined)));
    const redis = await createClient({ url: REDIS_URL }).connect();
    const keys: string[] = [];
    for await (const batch of redis.scanIterator({ MATCH: `${PREFIX}:*`, COUNT: 500 })) keys.push(...batch);
    if (keys.length > 0) await redis.del(keys);
    await redis.quit();
  });

  const open = async <T>(queue: BeeQueue<T>) => {
    queue.on('error', () => undefined);
    queues.push(queue);
    await queue.ready();
    return queue;
  };

  it('ten jobs saved in one turn leave in one socket write, and every one of them is created', async () => {
    const producer = await open(recoveringQueue<{ n: number }>('saves', { ...SETTINGS, isWorker: false }));
    const writes = countSocketWrites(clientOf(producer, 'client'));

    const ids = Array.from({ length: 10 }, (_, n) => `job-${n}`);
    await Promise.all(ids.map((id, n) => producer.createJob({ n }).setId(id).save()));

    expect(writes()).toBe(1);
    const saved = await Promise.all(ids.map((id) => producer.getJob(id)));
    expect(saved.map((job) => job?.data.n)).toEqual(ids.map((_, n) => n));
  });

  it('a worker finishing jobs together sends their MULTIs in one write, and every job succeeds once', async () => {
    const producer = await open(recoveringQueue<{ n: number }>('finishes', { ...SETTINGS, isWorker: false }));
    const worker = await open(recoveringQueue<{ n: number }>('finishes', { ...SETTINGS, isWorker: true }));
    const ids = Array.from({ length: 10 }, (_, n) => `job-${n}`);
    await Promise.all(ids.map((id, n) => producer.createJob({ n }).setId(id).save()));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const started: number[] = [];
    const succeeded: number[] = [];
    worker.on('succeeded', (job) => succeeded.push(job.data.n));
    worker.process(10, async (job) => {
      started.push(job.data.n);
      await released;
    });
    await expect.poll(() => started.length, { timeout: 10_000 }).toBe(10);

    const writes = countSocketWrites(clientOf(worker, 'client'));
    release();
    await expect.poll(() => succeeded.length, { timeout: 10_000 }).toBe(10);

    expect(succeeded.toSorted((a, b) => a - b)).toEqual(ids.map((_, n) => n));
    expect(writes()).toBe(1);
  });
});

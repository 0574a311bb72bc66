import BeeQueue from 'bee-queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recoveringQueue } from '../../src/modules/operation-runs/jobs/recovering-queue.js';
import { startOwnRedis, type OwnRedis } from './support/own-redis.js';

const SETTINGS = { getEvents: false, sendEvents: false, storeJobs: false, removeOnSuccess: true, stallInterval: 1000 } as const;

/**
 * Bee-Queue loads its Lua scripts once per connection start-up. After a Redis restart without
 * persistence, a plain queue answers NOSCRIPT to every script call until its process restarts; a
 * recovering queue reloads the scripts and goes on, on the worker side (stalled-job check, taking
 * and finishing jobs) as on the producer side (creating jobs).
 */
describe('a Bee-Queue queue after its Redis restarted', () => {
  let redis: OwnRedis;
  const queues: BeeQueue[] = [];

  beforeAll(async () => {
    redis = await startOwnRedis();
  });
  afterAll(async () => {
    await Promise.all(queues.map((queue) => queue.close(1000).catch(() => undefined)));
    await redis?.stop();
  });

  const open = async <T>(queue: BeeQueue<T>) => {
    queue.on('error', () => undefined);
    queues.push(queue);
    await queue.ready();
    return queue;
  };

  it('a plain queue answers NOSCRIPT to its stalled-job check; a recovering one reloads its scripts and checks', async () => {
    const plain = await open(new BeeQueue('plain', { ...SETTINGS, redis: { url: redis.url } }));
    const recovering = await open(recoveringQueue('recovering', { ...SETTINGS, redis: { url: redis.url } }));

    await redis.restart();

    await expect(plain.checkStalledJobs()).rejects.toThrow(/NOSCRIPT/);
    await expect(recovering.checkStalledJobs()).resolves.toBe(0);
  });

  it('a recovering worker takes and finishes jobs created by a recovering producer after the restart', async () => {
    const worker = await open(recoveringQueue<{ n: number }>('jobs', { ...SETTINGS, activateDelayedJobs: true, redis: { url: redis.url } }));
    const producer = await open(recoveringQueue<{ n: number }>('jobs', { ...SETTINGS, isWorker: false, redis: { url: redis.url } }));
    const done: number[] = [];
    worker.process(async (job) => {
      done.push(job.data.n);
    });

    await redis.restart();
    await producer.createJob({ n: 1 }).save();
    await producer
      .createJob({ n: 2 })
      .delayUntil(Date.now() + 300)
      .save();

    await expect.poll(() => done.toSorted(), { timeout: 30_000 }).toEqual([1, 2]);
  });
});

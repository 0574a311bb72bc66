import { performance } from 'node:perf_hooks';
import BeeQueue from 'bee-queue';
import { newId } from '../../src/platform/ids.js';
import type { RunJobData } from '../../src/modules/operation-runs/jobs/job-data.js';
import { logger } from '../../src/platform/logger.js';
import type { BenchStack } from '../support/bench-stack.js';
import { startCpuMeter } from '../support/cpu-meter.js';
import { runProducers } from '../support/producers.js';
import { Tally } from '../support/tally.js';
import type { ThroughputOptions } from './full-path.js';

export interface RawQueueResult {
  jobsPerSecond: number;
  saveMeanMs: number;
  /** CPU time this process (producer and worker) spent per job. */
  cpuMsPerJob: number;
}

/**
 * The baseline: the same number of jobs through Bee-Queue alone, on the same Redis, with the
 * producer and worker settings the run gateway and worker use and a handler that does nothing.
 * Timed from the first save until the worker reported the last job succeeded.
 */
export async function measureRawBeeQueue(stack: BenchStack, options: ThroughputOptions): Promise<RawQueueResult> {
  const { redis, lifecycle } = stack.config;
  const prefix = `${redis.prefix}:rawbq`;
  const name = `raw.noop.c${options.concurrency}`;
  const worker = new BeeQueue<RunJobData>(name, {
    prefix,
    redis: { url: redis.url },
    isWorker: true,
    getEvents: false,
    sendEvents: false,
    storeJobs: false,
    activateDelayedJobs: true,
    removeOnSuccess: true,
    removeOnFailure: true,
    stallInterval: lifecycle.timing.stallIntervalSeconds * 1000,
  });
  const producer = new BeeQueue<RunJobData>(name, {
    prefix,
    redis: { url: redis.url },
    isWorker: false,
    getEvents: false,
    sendEvents: false,
    storeJobs: false,
    activateDelayedJobs: false,
  });
  worker.on('error', (error) => logger.warn('raw bee-queue worker error', { error }));
  producer.on('error', (error) => logger.warn('raw bee-queue producer error', { error }));
  const tally = new Tally();
  worker.on('succeeded', () => tally.add('succeeded'));
  worker.process(options.concurrency, async () => undefined);
  const succeeded = (target: number) => tally.until(() => tally.count('succeeded') >= target, `${target} raw jobs`, options.timeoutMs);
  const save = async () => {
    const attemptId = newId();
    await producer.createJob({ runId: newId(), attemptId }).setId(attemptId).retries(0).save();
  };
  try {
    await Promise.all([worker.ready(), producer.ready()]);
    void worker.checkStalledJobs(lifecycle.timing.stallCheckIntervalSeconds * 1000);
    await runProducers(options.warmup, options.concurrency, save);
    await succeeded(options.warmup);

    const cpu = startCpuMeter();
    const began = performance.now();
    const saveMeanMs = await runProducers(options.count, options.concurrency, save);
    const ended = await succeeded(options.warmup + options.count);
    return { jobsPerSecond: options.count / ((ended - began) / 1000), saveMeanMs, cpuMsPerJob: cpu.stopMs() / options.count };
  } finally {
    await Promise.all([worker.close(5000), producer.close(2000)]);
  }
}

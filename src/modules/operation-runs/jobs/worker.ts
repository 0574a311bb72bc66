import type BeeQueue from 'bee-queue';
import { retryWhileDatabaseUnreachable } from '../../../platform/db/database-unreachable.js';
import { validateLifecyclePolicies } from '../domain/lifecycle-policy.js';
import { policyFor, shutdownDrainSeconds } from '../services/lifecycle-config.js';
import { logger } from '../../../platform/logger.js';
import { withRedisLock } from '../../../platform/redis/redis-lock.js';
import type { Runtime } from '../../../platform/runtime.js';
import { OperationRunSchema } from '../entities/operation-run.js';
import { freshnessFilter } from '../services/freshness-filter.js';
import { relayUnpublishedEvents } from '../../../outbox/relay.js';
import type { RunJobData } from './job-data.js';
import type { OperationRegistry } from './operation-registry.js';
import { beeQueuePrefix, queueName } from './queue-names.js';
import { recoveringQueue } from './recovering-queue.js';
import { RunTracker, WIND_DOWN_MS } from './run-tracker.js';
import { Scheduler } from './scheduler.js';

export class LifecyclePolicyError extends Error {
  constructor(violations: string[]) {
    super(
      `The worker refuses to start: the lifecycle policy violates its timing invariants.\n  - ${violations.join('\n  - ')}\nFix the LIFECYCLE_* / WORKER_* settings (see \`npm run cli -- lifecycle:validate\`).`,
    );
    this.name = 'LifecyclePolicyError';
  }
}

export interface Worker {
  types: string[];
  /**
   * Graceful stop: takes no new job, lets executing attempts finish for the shutdown drain, then
   * hands the rest back to the queue (released, not failed) so another worker, or this one after a
   * restart, runs them. Resolves once nothing of this worker is left executing.
   */
  close(): Promise<void>;
}

/** Beyond the drain: time for attempts to wind down and be handed back before the queues let go of Redis. */
const HAND_BACK_GRACE_MS = WIND_DOWN_MS + 5000;

/**
 * Consumes one Bee-Queue queue per registered operation type and schedules what Bee-Queue does not
 * do on its own: the stalled-job check (re-delivering jobs of dead workers, which the tracker then
 * fails as abandoned), the stale-run watcher (LIKELY_STALE events), the reconciler, which runs
 * under a Redis lock so only one worker at a time heals runs, and the periodic tasks its operation
 * types registered (scheduled inventory syncs), each under a lock of its own. Its queues
 * recover by themselves from a Redis restart (see recoveringQueue).
 */
export async function startWorker(runtime: Runtime, registry: OperationRegistry): Promise<Worker> {
  const { config } = runtime;
  const { lifecycle } = config;
  const violations = validateLifecyclePolicies(lifecycle.policies, lifecycle.timing).map((violation) => violation.message);
  for (const type of registry.types()) {
    if (!policyFor(lifecycle, type)) violations.push(`[${type}] has a handler but no lifecycle policy.`);
  }
  violations.push(...registry.violations(config));
  if (violations.length > 0) throw new LifecyclePolicyError(violations);

  const giveUp = new AbortController();
  const tracker = new RunTracker(runtime, registry, giveUp.signal);
  const queues: BeeQueue<RunJobData>[] = [];
  for (const type of registry.types()) {
    const queue = recoveringQueue<RunJobData>(queueName(type), {
      prefix: beeQueuePrefix(config.redis.prefix),
      redis: { url: config.redis.url },
      isWorker: true,
      getEvents: false,
      sendEvents: false,
      storeJobs: false,
      activateDelayedJobs: true,
      removeOnSuccess: true,
      removeOnFailure: true,
      stallInterval: lifecycle.timing.stallIntervalSeconds * 1000,
    });
    queue.on('error', (error) => logger.warn('queue connection error', { type, error }));
    // The tracker handles handler errors and waits out database outages itself; a job only fails
    // here when the tracker could not record the outcome (e.g. the run service refused the write).
    // The job is already gone from Redis, so the bridge keeps trying while the database is
    // unreachable; if this process dies first, the reconciler's queue check ends the run.
    queue.on('failed', (job, error) => {
      const { runId, attemptId } = job.data;
      void retryWhileDatabaseUnreachable(
        `failure bridge of run ${runId}`,
        () => runtime.runs.bridgeFailedJob(runId, attemptId, 'queue_error', error),
        giveUp.signal,
      ).catch((bridgeError: unknown) => logger.error('failure bridge could not record a failed job; the reconciler will end the run', { runId, bridgeError }));
    });
    queue.process(lifecycle.workerConcurrency, (job) => tracker.process(job));
    await queue.ready();
    void queue.checkStalledJobs(lifecycle.timing.stallCheckIntervalSeconds * 1000);
    queues.push(queue);
  }

  const scheduler = new Scheduler();
  scheduler.every('stale-watch', lifecycle.staleWatchIntervalSeconds * 1000, async () => {
    const crossed = await runtime.orm.em
      .fork()
      .find(
        OperationRunSchema,
        { $and: [freshnessFilter('likely_stale', lifecycle, new Date()), { likelyStaleSignaledAt: null }] },
        { fields: ['id'], limit: 500 },
      );
    for (const run of crossed) await runtime.runs.signalLikelyStale(run.id);
  });
  scheduler.every('outbox-relay', config.subscriptions.relayIntervalMs, async () => {
    const relayed = await relayUnpublishedEvents(runtime, config.subscriptions.relayIntervalMs);
    if (relayed > 0) logger.info('relayed unpublished outbox events', { relayed });
  });
  const reconcileMs = lifecycle.timing.reconcileIntervalSeconds * 1000;
  scheduler.every('reconcile', reconcileMs, async () => {
    await withRedisLock(runtime.redis.commands, `${config.redis.prefix}:lock:reconciler`, reconcileMs * 2, config.redis.commandTimeoutMs, async () => {
      const report = await runtime.reconciler.reconcile({ trigger: 'schedule' });
      if (report.reconciled > 0) logger.warn('reconciler failed stale runs', { reconciled: report.reconciled, changes: report.changes });
    });
  });

  for (const task of registry.periodicTasks()) {
    const intervalMs = task.intervalMs(config);
    const pass = task.create(runtime);
    scheduler.every(task.name, intervalMs, async () => {
      await withRedisLock(runtime.redis.commands, `${config.redis.prefix}:lock:${task.lock}`, intervalMs * 2, config.redis.commandTimeoutMs, pass);
    });
  }

  const drainMs = shutdownDrainSeconds(lifecycle, registry.types()) * 1000;
  logger.info('worker started', { types: registry.types(), concurrency: lifecycle.workerConcurrency, shutdownDrainSeconds: drainMs / 1000 });
  return {
    types: registry.types(),
    async close() {
      logger.info('worker stopping: no new jobs; executing attempts may finish, then are handed back', { drainSeconds: drainMs / 1000 });
      const handBack = setTimeout(() => tracker.handBackAll(), drainMs);
      const stopWaiting = setTimeout(() => giveUp.abort(), drainMs + HAND_BACK_GRACE_MS);
      try {
        await scheduler.stop();
        await Promise.all(queues.map((queue) => queue.close(drainMs + HAND_BACK_GRACE_MS + 1000).catch(() => undefined)));
      } finally {
        clearTimeout(handBack);
        clearTimeout(stopWaiting);
        giveUp.abort();
      }
    },
  };
}

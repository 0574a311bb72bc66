import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegistry } from '../../../../src/app/handlers.js';
import { beeQueuePrefix, queueName } from '../../../../src/modules/operation-runs/jobs/queue-names.js';
import { startWorker, type Worker } from '../../../../src/modules/operation-runs/jobs/worker.js';
import { connectRedis, type RedisConnections } from '../../../../src/platform/redis/redis-connections.js';
import { createRuntime } from '../../../../src/app/runtime.js';
import { type Runtime } from '../../../../src/platform/runtime.js';
import {
  OperationRunReconciler,
  type ReconcileOptions,
  type ReconcileReport,
} from '../../../../src/modules/operation-runs/services/operation-run-reconciler.js';
import { backdateRun } from '../../../support/backdate-run.js';
import { FAST_LIFECYCLE } from '../../../support/fast-lifecycle.js';
import { createUnqueuedRun, runAuditRecords, runEvents, startAttempt, waitForCompletedRun, type RunScope } from '../../../support/test-runs.js';
import { useApp } from '../../../support/use-app.js';
import { waitFor } from '../../../support/wait-for.js';

const RUNNING_STALE_SECONDS = Number(FAST_LIFECYCLE.LIFECYCLE_TEST_NOOP_RUNNING_STALE_SECONDS!);
const QUEUED_STALE_SECONDS = Number(FAST_LIFECYCLE.LIFECYCLE_TEST_NOOP_QUEUED_STALE_SECONDS!);
const RECONCILE_INTERVAL_MS = Number(FAST_LIFECYCLE.RECONCILE_INTERVAL_SECONDS!) * 1000;

interface Pass {
  worker: string;
  startedAt: number;
  endedAt: number | null;
}

/** The real reconciler, recording each pass and holding it open long enough that unguarded passes would overlap. */
class ObservedReconciler extends OperationRunReconciler {
  constructor(
    runtime: Runtime,
    private readonly worker: string,
    private readonly passes: Pass[],
  ) {
    super(runtime.orm, runtime.runs, runtime.queues, runtime.config.lifecycle);
  }

  override async reconcile(options?: ReconcileOptions): Promise<ReconcileReport> {
    const pass: Pass = { worker: this.worker, startedAt: Date.now(), endedAt: null };
    this.passes.push(pass);
    try {
      await new Promise((resolve) => setTimeout(resolve, RECONCILE_INTERVAL_MS * 0.8));
      return await super.reconcile(options);
    } finally {
      pass.endedAt = Date.now();
    }
  }
}

describe('the reconciler scheduled inside the worker', () => {
  const suite = useApp({ worker: true, env: FAST_LIFECYCLE });
  let scope: RunScope;

  beforeAll(async () => {
    scope = { workspaceId: suite.world.workspaceA, tenantId: suite.world.tenantA2, initiatorId: null };
  });

  it('fails a queued run whose job never reached the queue, through the queue check, before it could turn stale', async () => {
    const created = await createUnqueuedRun(suite.app, scope);

    const run = await waitForCompletedRun(suite.app, created.id, QUEUED_STALE_SECONDS * 1000);

    expect(run).toMatchObject({ outcome: 'failed', reasonCode: 'run.queue_job_lost' });
    expect(run.reconciliation).toMatchObject({
      source: 'queue_check',
      evidence: { attemptId: created.currentAttemptId, status: 'queued', trigger: 'schedule' },
    });
  });

  it('fails a queued run whose job vanished from Redis after this process enqueued it', async () => {
    const created = await createUnqueuedRun(suite.app, scope);
    await suite.app.runtime.runs.enqueue(created, 60_000);
    const queueKey = (suffix: string) => `${beeQueuePrefix(suite.app.config.redis.prefix)}:${queueName('test.noop')}:${suffix}`;
    expect(await suite.app.runtime.queues.jobExists('test.noop', created.currentAttemptId!)).toBe(true);
    await suite.app.runtime.redis.commands.hDel(queueKey('jobs'), created.currentAttemptId!);
    await suite.app.runtime.redis.commands.zRem(queueKey('delayed'), created.currentAttemptId!);

    const run = await waitForCompletedRun(suite.app, created.id, QUEUED_STALE_SECONDS * 1000);

    expect(run).toMatchObject({ outcome: 'failed', reasonCode: 'run.queue_job_lost' });
    expect(run.reconciliation).toMatchObject({ source: 'queue_check' });
  });

  it('fails a running run whose heartbeat stopped as run.stale_running, after signalling it as likely stale', async () => {
    const started = await startAttempt(suite.app, await createUnqueuedRun(suite.app, scope));
    await backdateRun(suite.app, started.id, RUNNING_STALE_SECONDS + 1);

    const run = await waitForCompletedRun(suite.app, started.id);

    expect(run).toMatchObject({ outcome: 'failed', reasonCode: 'run.stale_running' });
    expect(run.reconciliation).toMatchObject({
      source: 'scheduled_reconciler',
      evidence: { status: 'running', thresholdSeconds: RUNNING_STALE_SECONDS, attempt: 1, trigger: 'schedule' },
    });
    const kinds = (await runEvents(suite.app, run.id)).map((event) => event.kind);
    expect(kinds.indexOf('LIKELY_STALE')).toBeGreaterThan(-1);
    expect(kinds.indexOf('LIKELY_STALE')).toBeLessThan(kinds.indexOf('RECONCILED'));
  });
});

describe('two workers sharing the database and Redis', () => {
  const suite = useApp({ env: FAST_LIFECYCLE });
  let scope: RunScope;
  let secondRedis: RedisConnections;
  let secondRuntime: Runtime;
  const workers: Worker[] = [];
  const passes: Pass[] = [];

  beforeAll(async () => {
    scope = { workspaceId: suite.world.workspaceA, tenantId: suite.world.tenantA1, initiatorId: suite.world.users.managerA };
    secondRedis = await connectRedis(suite.app.config.redis.url, suite.app.config.redis.prefix);
    secondRuntime = createRuntime(suite.app.config, suite.app.orm, secondRedis);
    for (const [name, runtime] of [
      ['first', suite.app.runtime],
      ['second', secondRuntime],
    ] as const) {
      const observed = { ...runtime, reconciler: new ObservedReconciler(runtime, name, passes) };
      workers.push(await startWorker(observed, buildRegistry(suite.app.config)));
    }
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.close()));
    await secondRuntime.close();
    await secondRedis.close();
  });

  it('never reconcile at the same time, and a stale run gets exactly one RECONCILED event and one audit record', async () => {
    const created = await createUnqueuedRun(suite.app, scope);
    await backdateRun(suite.app, created.id, QUEUED_STALE_SECONDS + 1);

    const run = await waitForCompletedRun(suite.app, created.id);
    await waitFor(async () => passes.filter((pass) => pass.endedAt !== null).length >= 4, 15_000, 50, 'several reconcile passes');

    expect(run).toMatchObject({ outcome: 'failed', reasonCode: 'run.stale_queued' });
    const finished = passes.filter((pass) => pass.endedAt !== null).sort((a, b) => a.startedAt - b.startedAt);
    for (let i = 1; i < finished.length; i++) {
      expect(finished[i]!.startedAt).toBeGreaterThanOrEqual(finished[i - 1]!.endedAt!);
    }
    expect((await runEvents(suite.app, run.id)).filter((event) => event.kind === 'RECONCILED')).toHaveLength(1);
    expect((await runAuditRecords(suite.app, run.id)).filter((record) => record.action === 'operation_run.reconciled')).toHaveLength(1);
  });
});

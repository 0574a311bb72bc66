import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { attemptSilenceSeconds } from '../../../../src/modules/operation-runs/domain/lifecycle-policy.js';
import { OperationRunSchema } from '../../../../src/modules/operation-runs/entities/operation-run.js';
import { OperationRunService } from '../../../../src/modules/operation-runs/services/operation-run-service.js';
import { databaseFingerprint } from '../../../support/database-fingerprint.js';
import { deleteQueueKeys } from '../../../support/queue-keys.js';
import { runningRun } from '../../../support/run-steps.js';
import { eventKinds, runTrail } from '../../../support/run-trail.js';
import { lifecycleAhead } from '../../../support/shifted-lifecycle.js';
import { createUnqueuedRun, launchTestRun, startAttempt, type RunScope } from '../../../support/test-runs.js';
import { useApp } from '../../../support/use-app.js';
import { createWorld, type World } from '../../../support/world.js';

/**
 * The queue-vs-database check: a run waiting in Postgres whose Bee-Queue job no longer exists in
 * Redis can never start, so after the grace period it is failed as run.queue_job_lost; an executing
 * run whose job is gone and whose heartbeat went silent has no worker left to finish it. No worker
 * runs here; the jobs stay where the service put them until the test deletes them.
 */
describe('queue-vs-database check', () => {
  const suite = useApp({ world: false, env: { TENANTGRAPH_TEST_OPERATIONS: '1' } });
  let world: World;
  let scope: RunScope;
  let grace: number;
  /** Past the grace period but well before any staleness threshold. */
  let afterGrace: number;

  beforeAll(async () => {
    grace = suite.app.config.lifecycle.queueCheckGraceSeconds;
    afterGrace = grace + 30;
  });

  beforeEach(async () => {
    world = await createWorld(suite.app.em());
    scope = { workspaceId: world.workspaceA, tenantId: world.tenantA1, initiatorId: world.users.operatorA };
    await deleteQueueKeys(suite.app);
  });

  const reconcileAt = (aheadSeconds: number) => lifecycleAhead(suite.app, aheadSeconds).reconciler.reconcile({ workspaceIds: [world.workspaceA] });

  it('a queued run whose job still exists is left alone', async () => {
    const run = await launchTestRun(suite.app, scope);
    expect(await suite.app.runtime.queues.jobExists('test.noop', run.currentAttemptId!)).toBe(true);
    const before = await databaseFingerprint(suite.app.em());
    expect(await reconcileAt(afterGrace)).toEqual({ inspected: 1, reconciled: 0, skipped: 1, changes: [] });
    expect(await databaseFingerprint(suite.app.em())).toEqual(before);
  });

  it('a queued run whose job was lost from Redis is reconciled as run.queue_job_lost, with its evidence', async () => {
    const run = await launchTestRun(suite.app, scope);
    expect(await deleteQueueKeys(suite.app)).toBeGreaterThan(0);
    expect(await suite.app.runtime.queues.jobExists('test.noop', run.currentAttemptId!)).toBe(false);

    const report = await reconcileAt(afterGrace);
    expect(report).toMatchObject({ inspected: 1, reconciled: 1 });
    expect(report.changes[0]).toMatchObject({ runId: run.id, reasonCode: 'run.queue_job_lost', before: { status: 'queued', freshness: 'fresh_active' } });

    const lost = await suite.app.em().findOneOrFail(OperationRunSchema, run.id);
    expect(lost).toMatchObject({ status: 'completed', outcome: 'failed', reasonCode: 'run.queue_job_lost' });
    expect(lost.reconciliation).toMatchObject({
      source: 'queue_check',
      reasonCode: 'run.queue_job_lost',
      evidence: {
        evaluatedAt: expect.any(String),
        status: 'queued',
        attemptId: run.currentAttemptId,
        waitingSince: run.createdAt.toISOString(),
        queue: 'test.noop',
        trigger: 'schedule',
      },
    });
    const trail = await runTrail(suite.app.em(), run.id);
    expect(eventKinds(trail)).toEqual(['QUEUED', 'RECONCILED', 'NOTIFICATION']);
    expect(trail.notifications.map((notification) => notification.body)).toEqual([
      'Queued job was lost. Check that Redis keeps its data (persistence, eviction policy), then start the operation again.',
    ]);
  });

  it('within the grace period a missing job is not judged lost: it may still be on its way', async () => {
    const run = await createUnqueuedRun(suite.app, scope);
    expect(await suite.app.runtime.queues.jobExists('test.noop', run.currentAttemptId!)).toBe(false);
    expect(await reconcileAt(0)).toMatchObject({ inspected: 1, reconciled: 0, skipped: 1 });
    expect(await reconcileAt(grace - 10)).toMatchObject({ inspected: 1, reconciled: 0, skipped: 1 });
    expect(await suite.app.em().findOneOrFail(OperationRunSchema, run.id)).toMatchObject({ status: 'queued' });
  });

  it('a run waiting for its retry whose job was lost is reconciled as run.queue_job_lost', async () => {
    const { run, attemptId } = await runningRun(suite.app, scope);
    const released = await suite.app.runtime.runs.releaseForRetry(run.id, attemptId, new Error('transient'), 60_000);
    const retryAttempt = released.run!.currentAttemptId!;
    expect(await suite.app.runtime.queues.jobExists('test.noop', retryAttempt)).toBe(true);
    expect(await reconcileAt(afterGrace)).toMatchObject({ reconciled: 0 });

    await deleteQueueKeys(suite.app);
    const report = await reconcileAt(afterGrace);
    expect(report.changes).toEqual([
      expect.objectContaining({ runId: run.id, reasonCode: 'run.queue_job_lost', before: expect.objectContaining({ status: 'running' }) }),
    ]);
    const lost = await suite.app.em().findOneOrFail(OperationRunSchema, run.id);
    expect(lost.reconciliation!.evidence).toMatchObject({ status: 'running', attemptId: retryAttempt, queue: 'test.noop' });
  });

  describe('an executing attempt', () => {
    let silence: number;
    beforeAll(() => {
      silence = attemptSilenceSeconds(suite.app.config.lifecycle.timing);
    });

    it('that heartbeats is not even a candidate, even when Redis lost its job', async () => {
      const { run, attemptId } = await runningRun(suite.app, scope);
      expect(await suite.app.runtime.queues.jobExists('test.noop', attemptId)).toBe(false);
      await lifecycleAhead(suite.app, silence + 30).runs.heartbeat(run.id, attemptId);
      expect(await reconcileAt(silence + 31)).toMatchObject({ inspected: 0, reconciled: 0, skipped: 0 });
      expect(await suite.app.em().findOneOrFail(OperationRunSchema, run.id)).toMatchObject({ status: 'running' });
    });

    it('whose job is still in the queue is left to the direct path, however silent it is', async () => {
      const run = await startAttempt(suite.app, await launchTestRun(suite.app, scope));
      expect(await suite.app.runtime.queues.jobExists('test.noop', run.currentAttemptId!)).toBe(true);
      const before = await databaseFingerprint(suite.app.em());
      expect(await reconcileAt(silence + 30)).toEqual({ inspected: 1, reconciled: 0, skipped: 1, changes: [] });
      expect(await databaseFingerprint(suite.app.em())).toEqual(before);
    });

    it('that went silent and whose job no longer exists is reconciled as abandoned by the queue check, long before it turns stale', async () => {
      const { run, attemptId } = await runningRun(suite.app, scope);
      expect(await reconcileAt(silence - 5)).toMatchObject({ inspected: 0, reconciled: 0 });

      const report = await reconcileAt(silence + 1);
      expect(report.changes).toEqual([
        expect.objectContaining({
          runId: run.id,
          reasonCode: 'run.infrastructure_timeout_or_abandonment',
          before: expect.objectContaining({ status: 'running', freshness: 'fresh_active' }),
        }),
      ]);
      const lost = await suite.app.em().findOneOrFail(OperationRunSchema, run.id);
      expect(lost).toMatchObject({ status: 'completed', outcome: 'failed', reasonCode: 'run.infrastructure_timeout_or_abandonment' });
      expect(lost.reconciliation).toMatchObject({
        source: 'queue_check',
        evidence: {
          status: 'running',
          attemptId,
          attempt: 1,
          lastHeartbeatAt: run.lastHeartbeatAt!.toISOString(),
          silenceThresholdSeconds: silence,
          queue: 'test.noop',
        },
      });
      expect(eventKinds(await runTrail(suite.app.em(), run.id))).toEqual(['QUEUED', 'STARTED', 'RECONCILED', 'NOTIFICATION']);
    });

    it('whose heartbeat lands between the check and the lock keeps running', async () => {
      const { run, attemptId } = await runningRun(suite.app, scope);
      const racing = lifecycleAhead(
        suite.app,
        silence + 1,
        class HeartbeatLandsFirst extends OperationRunService {
          override async forceFailNonTerminal(...args: Parameters<OperationRunService['forceFailNonTerminal']>) {
            await this.heartbeat(run.id, attemptId);
            return super.forceFailNonTerminal(...args);
          }
        },
      );
      expect(await racing.reconciler.reconcile({ workspaceIds: [world.workspaceA] })).toEqual({ inspected: 1, reconciled: 0, skipped: 1, changes: [] });
      expect(await suite.app.em().findOneOrFail(OperationRunSchema, run.id)).toMatchObject({ status: 'running', reconciledAt: null });
    });
  });
});

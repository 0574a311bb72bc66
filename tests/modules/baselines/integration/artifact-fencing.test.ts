import { describe, expect, it } from 'vitest';
import { BaselineProfileSchema } from '../../../../src/modules/baselines/entities/baseline-profile.js';
import { BaselineSnapshotSchema } from '../../../../src/modules/baselines/entities/baseline-snapshot.js';
import type { OperationRun } from '../../../../src/modules/operation-runs/entities/operation-run.js';
import { BaselineCaptureService } from '../../../../src/modules/baselines/services/baseline-capture-service.js';
import { BaselineCompareService, type CompareRequest } from '../../../../src/modules/baselines/services/baseline-compare-service.js';
import { driftedFixture, policies, replaceInventory, type BaselineFixture } from '../../../support/baseline-fixture.js';
import { activeSnapshotId, findingsOf, snapshotRow, storedItems } from '../../../support/baseline-truth.js';
import { startBaselineWorker } from '../../../support/baseline-worker.js';
import { holdLocks, lockWaiters, waitForLockWaiters } from '../../../support/row-locks.js';
import { startAttempt } from '../../../support/test-runs.js';
import { useApp } from '../../../support/use-app.js';

/**
 * Artifacts (findings, snapshots and their items) are written only while the writing attempt owns
 * its run: the write's own transaction checks the attempt fence under a lock on the run row. These
 * tests drive the services directly with the attempt ids a worker would carry.
 */
describe('artifact writes are fenced to the attempt that owns the run', () => {
  const suite = useApp({ as: 'managerA', worker: (app) => startBaselineWorker(app, ['baseline_capture']) });

  const drifted = () => driftedFixture(suite.app, suite.world, suite.token);

  /** A run of `type` whose first attempt is executing (nothing is queued: no worker of that type runs here). */
  async function runningRun(type: string, tenantId: string, context: Record<string, unknown>): Promise<{ run: OperationRun; attemptId: string }> {
    const { run } = await suite.app.runtime.runs.create({ workspaceId: suite.world.workspaceA, tenantId, type, identity: { fence: context }, context });
    const started = await startAttempt(suite.app, run);
    return { run: started, attemptId: started.currentAttemptId! };
  }

  /** Schedules a retry of the run's attempt and starts it, as a worker picking up the retry would; returns the new attempt. */
  async function retryRunning(run: OperationRun, attemptId: string): Promise<string> {
    const released = await suite.app.runtime.runs.releaseForRetry(run.id, attemptId, new Error('transient'), 60_000);
    const next = released.run!.currentAttemptId!;
    expect(await suite.app.runtime.runs.start(run.id, next)).toMatchObject({ kind: 'started', run: { attempt: 2 } });
    return next;
  }

  function compareRequest(
    run: OperationRun,
    attemptId: string,
    fixture: BaselineFixture,
    snapshotId: string,
    signal = new AbortController().signal,
  ): CompareRequest {
    return {
      attempt: { runId: run.id, attemptId },
      workspaceId: suite.world.workspaceA,
      tenantId: fixture.targetTenantId,
      profileId: fixture.profileId,
      snapshotId,
      signal,
    };
  }

  it('while the retry attempt runs, the superseded attempt’s compare writes no finding; the retry’s compare does', async () => {
    const { fixture, snapshotId } = await drifted();
    const { run, attemptId: superseded } = await runningRun('baseline_compare', fixture.targetTenantId, {
      profileId: fixture.profileId,
      baselineSnapshotId: snapshotId,
    });
    const current = await retryRunning(run, superseded);
    const service = new BaselineCompareService(suite.app.orm);

    await expect(service.compare(compareRequest(run, superseded, fixture, snapshotId))).rejects.toMatchObject({
      name: 'AttemptNoLongerOwnsRun',
      reason: 'fenced',
    });
    expect(await findingsOf(suite.app, fixture.targetTenantId)).toEqual([]);

    expect(await service.compare(compareRequest(run, current, fixture, snapshotId))).toMatchObject({
      kind: 'compared',
      result: { drift: { missing: 4, unexpected: 3 } },
    });
    const findings = await findingsOf(suite.app, fixture.targetTenantId);
    expect(findings).toHaveLength(7);
    expect(findings.every((finding) => finding.producingRun === run.id)).toBe(true);
  });

  it('a compare whose run was failed (job timeout) writes no finding', async () => {
    const { fixture, snapshotId } = await drifted();
    const { run, attemptId } = await runningRun('baseline_compare', fixture.targetTenantId, { profileId: fixture.profileId, baselineSnapshotId: snapshotId });
    await suite.app.runtime.runs.bridgeFailedJob(run.id, attemptId, 'timeout', new Error('The attempt exceeded its job timeout.'));

    await expect(new BaselineCompareService(suite.app.orm).compare(compareRequest(run, attemptId, fixture, snapshotId))).rejects.toMatchObject({
      name: 'AttemptNoLongerOwnsRun',
      reason: 'completed',
    });
    expect(await findingsOf(suite.app, fixture.targetTenantId)).toEqual([]);
  });

  it('an aborted compare stops at once, even while its drift query waits for a lock, and writes no finding', async () => {
    const { fixture, snapshotId } = await drifted();
    const { run, attemptId } = await runningRun('baseline_compare', fixture.targetTenantId, { profileId: fixture.profileId, baselineSnapshotId: snapshotId });
    const inventory = await holdLocks(suite.app.database.url, [['lock table inventory_items in access exclusive mode']]);
    try {
      const controller = new AbortController();
      const compare = new BaselineCompareService(suite.app.orm).compare(compareRequest(run, attemptId, fixture, snapshotId, controller.signal));
      await waitForLockWaiters(suite.app, 1, '%from baseline_snapshot_items%');

      const timedOut = new Error('The attempt exceeded its job timeout.');
      controller.abort(timedOut);

      await expect(compare).rejects.toBe(timedOut);
      expect(await lockWaiters(suite.app, '%from baseline_snapshot_items%')).toBe(0);
    } finally {
      await inventory.release();
    }
    expect(await findingsOf(suite.app, fixture.targetTenantId)).toEqual([]);
  });

  it('a capture attempt superseded between batches writes no further item and cannot complete its snapshot, which its release ended incomplete', async () => {
    const { fixture, snapshotId: effective } = await drifted();
    await replaceInventory(suite.app, suite.token, fixture.sourceTenantId, policies(6, 'n'));
    const { run, attemptId: superseded } = await runningRun('baseline_capture', fixture.sourceTenantId, {
      profileId: fixture.profileId,
      sourceTenantId: fixture.sourceTenantId,
    });
    const profile = await suite.app.em().findOneOrFail(BaselineProfileSchema, { id: fixture.profileId });

    const capture = new BaselineCaptureService(suite.app.orm, suite.app.runtime.outbox).capture(run, superseded, profile, fixture.sourceTenantId, {
      batchSize: 2,
      signal: new AbortController().signal,
      progress: () => undefined,
      afterBatch: async (batch) => {
        if (batch === 1) await retryRunning(run, superseded);
      },
    });

    await expect(capture).rejects.toMatchObject({ name: 'AttemptNoLongerOwnsRun', reason: 'fenced' });
    const [snapshot] = await suite.app.em().find(BaselineSnapshotSchema, { producerRun: run.id });
    expect(await snapshotRow(suite.app, snapshot!.id)).toMatchObject({
      lifecycleState: 'incomplete',
      completedAt: null,
      completionMeta: { persistedItems: 2, finalizationReasonCode: 'baseline.snapshot.capture_failed' },
    });
    expect(await storedItems(suite.app, snapshot!.id)).toEqual({ items: 2, subjects: 2 });
    expect(await activeSnapshotId(suite.app, fixture.profileId)).toBe(effective);
  });

  it('a capture attempt superseded before it began creates no snapshot', async () => {
    const { fixture, snapshotId: effective } = await drifted();
    await replaceInventory(suite.app, suite.token, fixture.sourceTenantId, policies(2, 'n'));
    const { run, attemptId: superseded } = await runningRun('baseline_capture', fixture.sourceTenantId, {
      profileId: fixture.profileId,
      sourceTenantId: fixture.sourceTenantId,
    });
    await retryRunning(run, superseded);
    const profile = await suite.app.em().findOneOrFail(BaselineProfileSchema, { id: fixture.profileId });

    const capture = new BaselineCaptureService(suite.app.orm, suite.app.runtime.outbox).capture(run, superseded, profile, fixture.sourceTenantId, {
      batchSize: 2,
      signal: new AbortController().signal,
      progress: () => undefined,
    });

    await expect(capture).rejects.toMatchObject({ name: 'AttemptNoLongerOwnsRun', reason: 'fenced' });
    expect(await suite.app.em().find(BaselineSnapshotSchema, { producerRun: run.id })).toEqual([]);
    expect(await activeSnapshotId(suite.app, fixture.profileId)).toBe(effective);
  });
});

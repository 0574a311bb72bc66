import { describe, expect, it } from 'vitest';
import { BaselineProfileSchema } from '../../../../src/modules/baselines/entities/baseline-profile.js';
import { BaselineSnapshotSchema } from '../../../../src/modules/baselines/entities/baseline-snapshot.js';
import { BaselineCaptureService } from '../../../../src/modules/baselines/services/baseline-capture-service.js';
import { createBaselineFixture, policies, replaceInventory, type BaselineFixture } from '../../../support/baseline-fixture.js';
import { captureAndWait, capturedSnapshotId } from '../../../support/baseline-operations.js';
import { activeSnapshotId, profileTruth, snapshotRow, storedItems } from '../../../support/baseline-truth.js';
import { startBaselineWorker } from '../../../support/baseline-worker.js';
import { CaptureFaults } from '../../../support/capture-faults.js';
import { runningRun } from '../../../support/run-steps.js';
import { findRun } from '../../../support/test-runs.js';
import { useApp } from '../../../support/use-app.js';

const BATCH_SIZE = 3;

describe('an incomplete snapshot can never become complete', () => {
  const faults = new CaptureFaults();

  const suite = useApp({
    as: 'managerA',
    worker: (app) => startBaselineWorker(app, ['baseline_capture'], { capture: { batchSize: BATCH_SIZE, afterBatch: faults.afterBatch } }),
  });

  /** A profile with a complete snapshot of 3 items, and a source inventory that has since changed to 6. */
  async function fixtureWithNewerInventory(): Promise<{ fixture: BaselineFixture; older: string }> {
    const fixture = await createBaselineFixture(suite.app, suite.world);
    await replaceInventory(suite.app, suite.token, fixture.sourceTenantId, policies(3));
    const older = capturedSnapshotId(await captureAndWait(suite.app, suite.token, fixture.profileId, fixture.sourceTenantId));
    await replaceInventory(suite.app, suite.token, fixture.sourceTenantId, policies(6));
    return { fixture, older };
  }

  /**
   * Runs the capture service for a run that is failed, as the reconciler or a job timeout would,
   * right after batch `failAfterBatch`, while the capture itself carries on (its worker only
   * notices at its next heartbeat). The capture's next write is refused by the attempt fence.
   */
  async function captureFailedAfterBatch(fixture: BaselineFixture, failAfterBatch: number): Promise<string> {
    const { run, attemptId } = await runningRun(suite.app, { workspaceId: suite.world.workspaceA, tenantId: fixture.sourceTenantId }, 'baseline_capture');
    const profile = await suite.app.em().findOneOrFail(BaselineProfileSchema, { id: fixture.profileId });
    const capture = new BaselineCaptureService(suite.app.orm, suite.app.runtime.outbox).capture(run, attemptId, profile, fixture.sourceTenantId, {
      batchSize: BATCH_SIZE,
      signal: new AbortController().signal,
      progress: () => undefined,
      afterBatch: async (batch) => {
        if (batch === failAfterBatch)
          await suite.app.runtime.runs.bridgeFailedJob(run.id, attemptId, 'timeout', new Error('The attempt exceeded its job timeout.'));
      },
    });
    await expect(capture).rejects.toMatchObject({ name: 'AttemptNoLongerOwnsRun', reason: 'completed' });
    expect(await findRun(suite.app, run.id)).toMatchObject({ status: 'completed', outcome: 'failed', reasonCode: 'run.infrastructure_timeout_or_abandonment' });
    const [snapshot] = await suite.app.em().find(BaselineSnapshotSchema, { producerRun: run.id });
    return snapshot!.id;
  }

  it('a capture whose run was failed while it finished its last batch cannot complete the snapshot the run finalized incomplete', async () => {
    const { fixture, older } = await fixtureWithNewerInventory();

    const snapshotId = await captureFailedAfterBatch(fixture, 2);

    const row = await snapshotRow(suite.app, snapshotId);
    expect(row).toMatchObject({ lifecycleState: 'incomplete', completedAt: null });
    expect(row.completionMeta).toMatchObject({ expectedItems: 6, persistedItems: 6, finalizationReasonCode: 'baseline.snapshot.capture_failed' });
    expect(await activeSnapshotId(suite.app, fixture.profileId)).toBe(older);
    expect((await profileTruth(suite.app, suite.token, fixture.profileId)).effectiveSnapshot).toMatchObject({ id: older });
  });

  it('no item lands in a snapshot once it was finalized incomplete, so its completion meta counts exactly the items it holds', async () => {
    const { fixture, older } = await fixtureWithNewerInventory();

    const snapshotId = await captureFailedAfterBatch(fixture, 1);

    const row = await snapshotRow(suite.app, snapshotId);
    expect(row).toMatchObject({ lifecycleState: 'incomplete' });
    expect(row.completionMeta).toMatchObject({ expectedItems: 6, persistedItems: BATCH_SIZE, finalizationReasonCode: 'baseline.snapshot.capture_failed' });
    expect(await storedItems(suite.app, snapshotId)).toEqual({ items: BATCH_SIZE, subjects: BATCH_SIZE });
    expect(await activeSnapshotId(suite.app, fixture.profileId)).toBe(older);
  });

  it('the database rejects a raw update that would turn an incomplete snapshot complete', async () => {
    const { fixture } = await fixtureWithNewerInventory();
    faults.failAfter(1);
    const failed = capturedSnapshotId(await captureAndWait(suite.app, suite.token, fixture.profileId, fixture.sourceTenantId));
    faults.clear();

    const update = suite.app
      .em()
      .execute(`update baseline_snapshots set lifecycle_state = 'complete', completed_at = now(), failed_at = null where id = ?`, [failed]);

    await expect(update).rejects.toThrow(/is incomplete and cannot become complete/);
    expect(await snapshotRow(suite.app, failed)).toMatchObject({ lifecycleState: 'incomplete', completedAt: null });
  });
});

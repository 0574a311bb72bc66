import { afterEach, describe, expect, it } from 'vitest';
import { createBaselineFixture, policies, policy, replaceInventory, type BaselineFixture } from '../../../support/baseline-fixture.js';
import { captureAndWait, capturedSnapshotId, compareAndWait, startCompare } from '../../../support/baseline-operations.js';
import { activeSnapshotId, profileTruth, snapshotRow, snapshotTruth, storedItems } from '../../../support/baseline-truth.js';
import { startBaselineWorker } from '../../../support/baseline-worker.js';
import { CaptureFaults } from '../../../support/capture-faults.js';
import { runEvents } from '../../../support/test-runs.js';
import { useApp } from '../../../support/use-app.js';

/** 10 items in batches of 3: batches 1–3 hold 3 items each, batch 4 the last one. */
const ITEMS = 10;
const BATCH_SIZE = 3;

describe('a baseline capture that fails after its snapshot was created', () => {
  const faults = new CaptureFaults();

  const suite = useApp({
    as: 'managerA',
    worker: (app) => startBaselineWorker(app, ['baseline_capture', 'baseline_compare'], { capture: { batchSize: BATCH_SIZE, afterBatch: faults.afterBatch } }),
  });
  afterEach(() => faults.clear());

  async function fixtureWith(inventory = policies(ITEMS)): Promise<BaselineFixture> {
    const fixture = await createBaselineFixture(suite.app, suite.world);
    await replaceInventory(suite.app, suite.token, fixture.sourceTenantId, inventory);
    return fixture;
  }

  const capture = (fixture: BaselineFixture) => captureAndWait(suite.app, suite.token, fixture.profileId, fixture.sourceTenantId);

  it('FR-022: items fail partway, the snapshot ends incomplete, the older complete one stays effective, and compare refuses the incomplete one', async () => {
    const fixture = await fixtureWith();
    const older = capturedSnapshotId(await capture(fixture));
    await replaceInventory(suite.app, suite.token, fixture.sourceTenantId, policies(ITEMS, 'q'));
    faults.failAfter(2);

    const run = await capture(fixture);

    expect(run).toMatchObject({ outcome: 'failed', reasonCode: 'baseline.snapshot.capture_failed' });
    expect(run.failureSummary).toContainEqual({ code: 'baseline.snapshot.capture_failed', message: 'Injected fault after batch 2.' });
    expect(run.summaryCounts).toMatchObject({ items_expected: ITEMS, items_persisted: 2 * BATCH_SIZE });
    expect(run.context.result).toMatchObject({ wasNewSnapshot: true, snapshotLifecycle: 'incomplete', itemsCaptured: 2 * BATCH_SIZE });
    const failed = capturedSnapshotId(run);
    const row = await snapshotRow(suite.app, failed);
    expect(row).toMatchObject({ lifecycleState: 'incomplete', completedAt: null, producerRun: run.id });
    expect(row.failedAt).toBeInstanceOf(Date);
    expect(row.completionMeta).toMatchObject({
      expectedItems: ITEMS,
      persistedItems: 2 * BATCH_SIZE,
      producerRunId: run.id,
      finalizationReasonCode: 'baseline.snapshot.capture_failed',
    });
    expect(await storedItems(suite.app, failed)).toEqual({ items: 2 * BATCH_SIZE, subjects: 2 * BATCH_SIZE });
    expect(await activeSnapshotId(suite.app, fixture.profileId)).toBe(older);
    expect(await snapshotTruth(suite.app, suite.token, failed)).toMatchObject({
      lifecycleState: 'INCOMPLETE',
      truth: 'NOT_USABLE',
      consumable: false,
      usabilityLabel: 'Not usable for compare',
      reason: { code: 'baseline.snapshot.capture_failed' },
    });
    const truth = await profileTruth(suite.app, suite.token, fixture.profileId);
    expect(truth.effectiveSnapshot).toMatchObject({ id: older, truth: 'CURRENT' });
    expect(truth.latestAttemptedSnapshot).toMatchObject({ id: failed, lifecycleState: 'INCOMPLETE' });
    const snapshotEvents = (await runEvents(suite.app, run.id)).map((event) => event.kind).filter((kind) => kind.includes('SNAPSHOT'));
    expect(snapshotEvents).toEqual(['SNAPSHOT_BUILDING', 'SNAPSHOT_INCOMPLETE']);

    const explicit = await startCompare(suite.app, suite.token, fixture.targetTenantId, failed);
    expect(explicit).toMatchObject({
      __typename: 'CompareBlocked',
      availability: { allowed: false, reasonCode: 'baseline.compare.snapshot_incomplete', snapshot: null, effectiveSnapshot: { id: older } },
    });
    const implicit = await compareAndWait(suite.app, suite.token, fixture.targetTenantId);
    expect(implicit).toMatchObject({ outcome: 'succeeded', context: { baselineSnapshotId: older, result: { snapshotId: older } } });
  });

  it("a capture retried after a partial failure writes every snapshot's items exactly once", async () => {
    const fixture = await fixtureWith();
    faults.failAfter(3);
    const failedRun = await capture(fixture);
    faults.clear();

    const retried = await capture(fixture);

    const failed = capturedSnapshotId(failedRun);
    const complete = capturedSnapshotId(retried);
    expect(failedRun.outcome).toBe('failed');
    expect(retried).toMatchObject({ outcome: 'succeeded', failureSummary: [] });
    expect(retried.context.result).toMatchObject({ wasNewSnapshot: true });
    expect(complete).not.toBe(failed);
    expect(await storedItems(suite.app, failed)).toEqual({ items: 3 * BATCH_SIZE, subjects: 3 * BATCH_SIZE });
    expect((await snapshotRow(suite.app, failed)).completionMeta).toMatchObject({ expectedItems: ITEMS, persistedItems: 3 * BATCH_SIZE });
    expect(await storedItems(suite.app, complete)).toEqual({ items: ITEMS, subjects: ITEMS });
    expect((await snapshotRow(suite.app, complete)).completionMeta).toMatchObject({ expectedItems: ITEMS, persistedItems: ITEMS });
    expect(await activeSnapshotId(suite.app, fixture.profileId)).toBe(complete);
  });

  it('a snapshot whose persisted items do not add up to the expected count fails its completion proof and never becomes effective', async () => {
    const fixture = await fixtureWith([policy('kept')]);
    const older = capturedSnapshotId(await capture(fixture));
    await replaceInventory(suite.app, suite.token, fixture.sourceTenantId, policies(ITEMS));
    faults.runAfter(4, async () => {
      await suite.app.em().execute(
        `delete from baseline_snapshot_items where id = (
           select min(i.id) from baseline_snapshot_items i join baseline_snapshots s on s.id = i.baseline_snapshot_id
            where s.baseline_profile_id = ? and s.lifecycle_state = 'building')`,
        [fixture.profileId],
      );
    });

    const run = await capture(fixture);

    expect(run).toMatchObject({ outcome: 'failed', reasonCode: 'baseline.snapshot.completion_proof_failed' });
    const row = await snapshotRow(suite.app, capturedSnapshotId(run));
    expect(row).toMatchObject({ lifecycleState: 'incomplete', completedAt: null });
    expect(row.completionMeta).toMatchObject({
      expectedItems: ITEMS,
      persistedItems: ITEMS - 1,
      finalizationReasonCode: 'baseline.snapshot.completion_proof_failed',
    });
    expect(await activeSnapshotId(suite.app, fixture.profileId)).toBe(older);
  });

  it('an inventory report racing the capture fails the completion proof instead of producing a snapshot that differs from what was read', async () => {
    const fixture = await fixtureWith([policy('kept')]);
    const older = capturedSnapshotId(await capture(fixture));
    const inventory = policies(ITEMS);
    await replaceInventory(suite.app, suite.token, fixture.sourceTenantId, inventory);
    // After batch 1, a collector reports a new revision of an item of batch 3 (same subjects, other content).
    faults.runAfter(1, async () => {
      const changed = inventory.map((item, index) => (index === ITEMS - 1 ? policy(item.externalId, { revision: 2 }) : item));
      await replaceInventory(suite.app, suite.token, fixture.sourceTenantId, changed);
    });

    const run = await capture(fixture);

    expect(run).toMatchObject({ outcome: 'failed', reasonCode: 'baseline.snapshot.completion_proof_failed' });
    const row = await snapshotRow(suite.app, capturedSnapshotId(run));
    expect(row).toMatchObject({ lifecycleState: 'incomplete', completedAt: null });
    expect(row.completionMeta).toMatchObject({
      expectedItems: ITEMS,
      persistedItems: ITEMS,
      finalizationReasonCode: 'baseline.snapshot.completion_proof_failed',
    });
    expect(await activeSnapshotId(suite.app, fixture.profileId)).toBe(older);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../../../src/platform/ids.js';
import { BaselineSnapshotSchema } from '../../../../src/modules/baselines/entities/baseline-snapshot.js';
import { OperationRunSchema } from '../../../../src/modules/operation-runs/entities/operation-run.js';
import { createBaselineFixture, policies, replaceInventory, type BaselineFixture } from '../../../support/baseline-fixture.js';
import {
  captureAndWait,
  capturedSnapshotId,
  compareAndWait,
  startCapture,
  startCompare,
  startedRunId,
  type CompareStartResult,
} from '../../../support/baseline-operations.js';
import { activeSnapshotId, profileTruth, snapshotsOf } from '../../../support/baseline-truth.js';
import { startBaselineWorker } from '../../../support/baseline-worker.js';
import { CaptureFaults } from '../../../support/capture-faults.js';
import { waitForCompletedRun } from '../../../support/test-runs.js';
import { useApp } from '../../../support/use-app.js';

/**
 * Which snapshot `startBaselineCompare` accepts: only the profile's effective (latest complete)
 * snapshot, implicitly or explicitly. Every refusal is a CompareBlocked with its reason, and no run.
 */
describe('compare start accepts only the effective complete snapshot', () => {
  const faults = new CaptureFaults();

  const suite = useApp({
    as: 'managerA',
    worker: (app) => startBaselineWorker(app, ['baseline_capture', 'baseline_compare'], { capture: { batchSize: 2, afterBatch: faults.afterBatch } }),
  });
  afterEach(() => faults.clear());

  async function fixtureWithInventory(): Promise<BaselineFixture> {
    const fixture = await createBaselineFixture(suite.app, suite.world);
    await replaceInventory(suite.app, suite.token, fixture.sourceTenantId, policies(6));
    return fixture;
  }

  const capture = (fixture: BaselineFixture) => captureAndWait(suite.app, suite.token, fixture.profileId, fixture.sourceTenantId);

  async function expectBlocked(result: CompareStartResult, reasonCode: string, tenantId: string): Promise<void> {
    expect(result).toMatchObject({ __typename: 'CompareBlocked', availability: { allowed: false, reasonCode, reason: { code: reasonCode }, snapshot: null } });
    expect(await suite.app.em().count(OperationRunSchema, { type: 'baseline_compare', tenant: tenantId })).toBe(0);
  }

  it('without any snapshot, compare is blocked with baseline.compare.no_consumable_snapshot', async () => {
    const fixture = await fixtureWithInventory();

    const result = await startCompare(suite.app, suite.token, fixture.targetTenantId);

    await expectBlocked(result, 'baseline.compare.no_consumable_snapshot', fixture.targetTenantId);
    expect(result).toMatchObject({
      availability: { effectiveSnapshot: null, latestAttemptedSnapshot: null, reason: { label: 'Current baseline unavailable' } },
    });
  });

  it('while the first capture is building, compare is blocked with baseline.compare.snapshot_building until the capture completes', async () => {
    const fixture = await fixtureWithInventory();
    const held = faults.holdAfter(1);
    const captureRunId = startedRunId(await startCapture(suite.app, suite.token, fixture.profileId, fixture.sourceTenantId));
    await held.reached;
    const [building] = await snapshotsOf(suite.app, fixture.profileId);
    expect(building!.lifecycleState).toBe('building');

    const implicit = await startCompare(suite.app, suite.token, fixture.targetTenantId);
    const explicit = await startCompare(suite.app, suite.token, fixture.targetTenantId, building!.id);

    await expectBlocked(implicit, 'baseline.compare.snapshot_building', fixture.targetTenantId);
    expect(implicit).toMatchObject({ availability: { effectiveSnapshot: null, latestAttemptedSnapshot: { id: building!.id, lifecycleState: 'BUILDING' } } });
    await expectBlocked(explicit, 'baseline.compare.snapshot_building', fixture.targetTenantId);

    held.release();
    expect(await waitForCompletedRun(suite.app, captureRunId)).toMatchObject({ outcome: 'succeeded' });
    const compared = await compareAndWait(suite.app, suite.token, fixture.targetTenantId, building!.id);
    expect(compared).toMatchObject({ outcome: 'succeeded', context: { baselineSnapshotId: building!.id } });
  });

  it('when the only attempt is incomplete, compare is blocked with baseline.compare.snapshot_incomplete', async () => {
    const fixture = await fixtureWithInventory();
    faults.failAfter(1);
    const incomplete = capturedSnapshotId(await capture(fixture));

    await expectBlocked(await startCompare(suite.app, suite.token, fixture.targetTenantId), 'baseline.compare.snapshot_incomplete', fixture.targetTenantId);
    await expectBlocked(
      await startCompare(suite.app, suite.token, fixture.targetTenantId, incomplete),
      'baseline.compare.snapshot_incomplete',
      fixture.targetTenantId,
    );
  });

  it('while a newer capture is building, compare uses the older complete snapshot and refuses the building one', async () => {
    const fixture = await fixtureWithInventory();
    const older = capturedSnapshotId(await capture(fixture));
    await replaceInventory(suite.app, suite.token, fixture.sourceTenantId, policies(6, 'q'));
    const held = faults.holdAfter(2);
    const captureRunId = startedRunId(await startCapture(suite.app, suite.token, fixture.profileId, fixture.sourceTenantId));
    await held.reached;
    const building = (await snapshotsOf(suite.app, fixture.profileId)).at(-1)!;
    expect(building).toMatchObject({ lifecycleState: 'building' });

    const truth = await profileTruth(suite.app, suite.token, fixture.profileId);
    expect(truth.effectiveSnapshot).toMatchObject({ id: older, truth: 'CURRENT' });
    expect(truth.latestAttemptedSnapshot).toMatchObject({ id: building.id, lifecycleState: 'BUILDING', truth: 'NOT_USABLE' });
    expect(truth.compareReadiness).toEqual({ allowed: true, reasonCode: null, snapshot: { id: older } });
    expect(await activeSnapshotId(suite.app, fixture.profileId)).toBe(older);
    const explicit = await startCompare(suite.app, suite.token, fixture.targetTenantId, building.id);
    await expectBlocked(explicit, 'baseline.compare.snapshot_building', fixture.targetTenantId);
    const implicit = await compareAndWait(suite.app, suite.token, fixture.targetTenantId);
    expect(implicit).toMatchObject({ outcome: 'succeeded', context: { baselineSnapshotId: older, result: { snapshotId: older } } });

    held.release();
    await waitForCompletedRun(suite.app, captureRunId);
    expect(await activeSnapshotId(suite.app, fixture.profileId)).toBe(building.id);
  });

  it('an explicitly selected superseded snapshot is blocked with baseline.compare.snapshot_superseded; the current one is accepted', async () => {
    const fixture = await fixtureWithInventory();
    const older = capturedSnapshotId(await capture(fixture));
    await replaceInventory(suite.app, suite.token, fixture.sourceTenantId, policies(5));
    const current = capturedSnapshotId(await capture(fixture));

    const superseded = await startCompare(suite.app, suite.token, fixture.targetTenantId, older);

    await expectBlocked(superseded, 'baseline.compare.snapshot_superseded', fixture.targetTenantId);
    expect(superseded).toMatchObject({ availability: { effectiveSnapshot: { id: current } } });
    const accepted = await startCompare(suite.app, suite.token, fixture.targetTenantId, current);
    expect(accepted).toMatchObject({ __typename: 'CompareStarted', created: true, snapshot: { id: current } });
    await waitForCompletedRun(suite.app, startedRunId(accepted));
  });

  it('a snapshot of another profile, of another workspace, or an unknown id is blocked with baseline.compare.invalid_snapshot', async () => {
    const fixture = await fixtureWithInventory();
    await capture(fixture);
    const foreignWorkspaceSnapshot = newId();
    const em = suite.app.em();
    em.create(BaselineSnapshotSchema, {
      id: foreignWorkspaceSnapshot,
      workspace: suite.world.workspaceB,
      profile: suite.world.profileB,
      snapshotIdentityHash: 'b'.repeat(64),
      capturedAt: new Date(),
      lifecycleState: 'complete',
      completedAt: new Date(),
    });
    await em.flush();

    for (const snapshotId of [suite.world.snapshotA, foreignWorkspaceSnapshot, newId()]) {
      await expectBlocked(
        await startCompare(suite.app, suite.token, fixture.targetTenantId, snapshotId),
        'baseline.compare.invalid_snapshot',
        fixture.targetTenantId,
      );
    }
  });
});

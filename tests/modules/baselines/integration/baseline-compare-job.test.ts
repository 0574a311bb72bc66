import { afterEach, describe, expect, it } from 'vitest';
import { createBaselineFixture, policies, replaceInventory, type BaselineFixture } from '../../../support/baseline-fixture.js';
import { captureAndWait, capturedSnapshotId, startCapture, startCompare, startedRunId } from '../../../support/baseline-operations.js';
import { findingsOf, snapshotsOf } from '../../../support/baseline-truth.js';
import { drainRuns, startBaselineWorker } from '../../../support/baseline-worker.js';
import { CaptureFaults } from '../../../support/capture-faults.js';
import { waitForCompletedRun } from '../../../support/test-runs.js';
import { useApp } from '../../../support/use-app.js';

/**
 * The compare job re-resolves the snapshot named in its run context instead of trusting it. Only
 * captures run on the file's worker; each test drains its compare runs on a worker of their own,
 * after the snapshot changed.
 */
describe('the compare job refuses a snapshot that is not the effective complete one', () => {
  const faults = new CaptureFaults();

  const suite = useApp({
    as: 'managerA',
    worker: (app) => startBaselineWorker(app, ['baseline_capture'], { capture: { batchSize: 3, afterBatch: faults.afterBatch } }),
  });
  afterEach(() => faults.clear());

  /** A complete snapshot of 6 policies; the source has changed since, and the target matches neither. */
  async function fixtureWithBaseline(): Promise<{ fixture: BaselineFixture; complete: string }> {
    const fixture = await createBaselineFixture(suite.app, suite.world);
    await replaceInventory(suite.app, suite.token, fixture.sourceTenantId, policies(6));
    const complete = capturedSnapshotId(await captureAndWait(suite.app, suite.token, fixture.profileId, fixture.sourceTenantId));
    await replaceInventory(suite.app, suite.token, fixture.sourceTenantId, policies(6, 'q'));
    await replaceInventory(suite.app, suite.token, fixture.targetTenantId, policies(2, 't'));
    return { fixture, complete };
  }

  /** A compare run created directly, as a stale or forged start would leave it: its context names `snapshotId`. */
  async function launchCompare(fixture: BaselineFixture, snapshotId: string): Promise<string> {
    const { run } = await suite.app.runtime.runs.launch({
      workspaceId: suite.world.workspaceA,
      tenantId: fixture.targetTenantId,
      initiatorId: suite.world.users.managerA,
      type: 'baseline_compare',
      identity: { snapshotId },
      context: { profileId: fixture.profileId, baselineSnapshotId: snapshotId },
    });
    return run.id;
  }

  async function expectBlockedWithoutFindings(runId: string, fixture: BaselineFixture, reasonCode: string): Promise<void> {
    const [run] = await drainRuns(suite.app, ['baseline_compare'], [runId]);
    expect(run).toMatchObject({ status: 'completed', outcome: 'blocked', reasonCode });
    expect(run!.failureSummary).toContainEqual(expect.objectContaining({ code: reasonCode }));
    expect(await findingsOf(suite.app, fixture.targetTenantId)).toEqual([]);
  }

  it('a run naming an incomplete snapshot ends blocked with baseline.compare.snapshot_incomplete and writes no findings, while a compare of the effective snapshot does', async () => {
    const { fixture, complete } = await fixtureWithBaseline();
    faults.failAfter(1);
    const incomplete = capturedSnapshotId(await captureAndWait(suite.app, suite.token, fixture.profileId, fixture.sourceTenantId));

    await expectBlockedWithoutFindings(await launchCompare(fixture, incomplete), fixture, 'baseline.compare.snapshot_incomplete');

    const [control] = await drainRuns(suite.app, ['baseline_compare'], [await launchCompare(fixture, complete)]);
    expect(control).toMatchObject({ outcome: 'succeeded' });
    expect((await findingsOf(suite.app, fixture.targetTenantId)).length).toBeGreaterThan(0);
  });

  it('a run naming a building snapshot ends blocked with baseline.compare.snapshot_building and writes no findings', async () => {
    const { fixture } = await fixtureWithBaseline();
    const held = faults.holdAfter(1);
    const captureRunId = startedRunId(await startCapture(suite.app, suite.token, fixture.profileId, fixture.sourceTenantId));
    await held.reached;
    const building = (await snapshotsOf(suite.app, fixture.profileId)).at(-1)!;
    expect(building.lifecycleState).toBe('building');

    await expectBlockedWithoutFindings(await launchCompare(fixture, building.id), fixture, 'baseline.compare.snapshot_building');

    held.release();
    await waitForCompletedRun(suite.app, captureRunId);
  });

  it('a run naming a superseded snapshot ends blocked with baseline.compare.snapshot_superseded and writes no findings', async () => {
    const { fixture, complete } = await fixtureWithBaseline();
    await captureAndWait(suite.app, suite.token, fixture.profileId, fixture.sourceTenantId);

    await expectBlockedWithoutFindings(await launchCompare(fixture, complete), fixture, 'baseline.compare.snapshot_superseded');
  });

  it('a compare started against the effective snapshot ends blocked with baseline.compare.snapshot_superseded when a newer capture completed before its job ran', async () => {
    const { fixture, complete } = await fixtureWithBaseline();
    const started = await startCompare(suite.app, suite.token, fixture.targetTenantId);
    expect(started).toMatchObject({ __typename: 'CompareStarted', snapshot: { id: complete } });
    const newer = await captureAndWait(suite.app, suite.token, fixture.profileId, fixture.sourceTenantId);
    expect(newer.context.result).toMatchObject({ wasNewSnapshot: true, snapshotLifecycle: 'complete' });

    await expectBlockedWithoutFindings(startedRunId(started), fixture, 'baseline.compare.snapshot_superseded');
  });
});

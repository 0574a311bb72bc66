import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaselineSnapshotSchema } from '../../../../src/modules/baselines/entities/baseline-snapshot.js';
import { createBaselineFixture, policies, replaceInventory, type BaselineFixture } from '../../../support/baseline-fixture.js';
import { captureAndWait, capturedSnapshotId, startCapture, startedRunId } from '../../../support/baseline-operations.js';
import { activeSnapshotId, profileTruth, snapshotRow, snapshotsOf, snapshotTruth, storedItems } from '../../../support/baseline-truth.js';
import { FAST_LIFECYCLE } from '../../../support/fast-lifecycle.js';
import { runEvents, waitForCompletedRun } from '../../../support/test-runs.js';
import { useApp } from '../../../support/use-app.js';
import { waitFor } from '../../../support/wait-for.js';
import { startChildService, type ChildService } from '../../../support/worker-process.js';

const LARGE_INVENTORY = 30_000;

/**
 * Fast stall detection, and a capture policy whose timeout and stale thresholds sit far above the
 * few seconds a 30,000-item capture takes (in batches of 200), so only the crash can end the run.
 * Running-stale 90s exceeds timeout 60s + stall window 3s + margin 1s, as the validator demands.
 */
const CRASH_ENV: Record<string, string> = {
  ...FAST_LIFECYCLE,
  CAPTURE_BATCH_SIZE: '200',
  LIFECYCLE_BASELINE_CAPTURE_JOB_TIMEOUT_SECONDS: '60',
  LIFECYCLE_BASELINE_CAPTURE_EXPECTED_RUNTIME_SECONDS: '50',
  LIFECYCLE_BASELINE_CAPTURE_RUNNING_STALE_SECONDS: '90',
  LIFECYCLE_BASELINE_CAPTURE_QUEUED_STALE_SECONDS: '60',
};

describe('a capture worker killed while its snapshot is building', () => {
  const suite = useApp({ as: 'managerA', env: CRASH_ENV });
  let fixture: BaselineFixture;
  let older: string;
  let doomed: ChildService;
  const children: ChildService[] = [];

  beforeAll(async () => {
    fixture = await createBaselineFixture(suite.app, suite.world);
    doomed = await startChildService(suite.app.config, 'worker', CRASH_ENV);
    children.push(doomed);
    await replaceInventory(suite.app, suite.token, fixture.sourceTenantId, policies(20, 'small'));
    older = capturedSnapshotId(await captureAndWait(suite.app, suite.token, fixture.profileId, fixture.sourceTenantId));
    await replaceInventory(suite.app, suite.token, fixture.sourceTenantId, policies(LARGE_INVENTORY));
  });
  afterAll(async () => {
    await Promise.all(children.map((child) => child.stop()));
  });

  it('leaves no snapshot building once its run is reconciled: the snapshot ends incomplete, counts what it holds, and the pointer stays', async () => {
    const runId = startedRunId(await startCapture(suite.app, suite.token, fixture.profileId, fixture.sourceTenantId));
    const building = await waitFor(
      async () => {
        const snapshot = await suite.app.em().findOne(BaselineSnapshotSchema, { producerRun: runId, lifecycleState: 'building' });
        return snapshot && (await storedItems(suite.app, snapshot.id)).items > 0 ? snapshot : undefined;
      },
      30_000,
      20,
      'the capture to persist its first batch',
    );

    await doomed.kill();
    expect((await snapshotRow(suite.app, building.id)).lifecycleState).toBe('building');
    children.push(await startChildService(suite.app.config, 'worker', CRASH_ENV));

    const run = await waitForCompletedRun(suite.app, runId, 40_000);
    expect(run).toMatchObject({ outcome: 'failed', reasonCode: 'run.infrastructure_timeout_or_abandonment' });
    expect(run.reconciliation).toMatchObject({ source: 'failure_bridge', evidence: { kind: 'abandoned' } });

    const snapshot = await snapshotRow(suite.app, building.id);
    const stored = await storedItems(suite.app, building.id);
    expect(snapshot).toMatchObject({ lifecycleState: 'incomplete', completedAt: null, producerRun: runId });
    expect(snapshot.failedAt).toBeInstanceOf(Date);
    expect(snapshot.completionMeta).toMatchObject({
      expectedItems: LARGE_INVENTORY,
      persistedItems: stored.items,
      producerRunId: runId,
      finalizationReasonCode: 'baseline.snapshot.capture_failed',
    });
    expect(stored.items).toBeGreaterThan(0);
    expect(stored.items).toBeLessThan(LARGE_INVENTORY);
    expect(stored.subjects).toBe(stored.items);
    expect((await snapshotsOf(suite.app, fixture.profileId)).filter((row) => row.lifecycleState === 'building')).toEqual([]);
    expect(await activeSnapshotId(suite.app, fixture.profileId)).toBe(older);
    expect((await profileTruth(suite.app, suite.token, fixture.profileId)).effectiveSnapshot).toMatchObject({ id: older, truth: 'CURRENT' });
    expect(await snapshotTruth(suite.app, suite.token, building.id)).toMatchObject({
      lifecycleState: 'INCOMPLETE',
      truth: 'NOT_USABLE',
      consumable: false,
      reason: { code: 'baseline.snapshot.capture_failed' },
    });
    const snapshotEvents = (await runEvents(suite.app, runId)).map((event) => event.kind).filter((kind) => kind.startsWith('SNAPSHOT'));
    expect(snapshotEvents).toEqual(['SNAPSHOT_BUILDING', 'SNAPSHOT_INCOMPLETE']);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { Worker } from '../../../../src/modules/operation-runs/jobs/worker.js';
import { driftedFixture, policies, replaceInventory, type BaselineFixture } from '../../../support/baseline-fixture.js';
import { capturedSnapshotId, startCapture, startCompare, startedRunId } from '../../../support/baseline-operations.js';
import { findingsOf } from '../../../support/baseline-truth.js';
import { drainRuns, startBaselineWorker } from '../../../support/baseline-worker.js';
import { CaptureFaults } from '../../../support/capture-faults.js';
import { holdLocks, waitForLockWaiters } from '../../../support/row-locks.js';
import { waitForCompletedRun } from '../../../support/test-runs.js';
import { useApp } from '../../../support/use-app.js';

/** The compare's transaction share-locking its tenant, assignment or profile. */
const COMPARE_LOCKING_INPUT = 'select id from % for share';

/**
 * The compare job decides inside its findings transaction, under share locks on the tenant, its
 * assignment and the profile, whether it may still run: a change committed before it locked its
 * input blocks it with that change's reason and no finding is written; a change after waits for it.
 * Races are staged with locks of the test's own so that exactly one order is possible.
 */
describe('a compare decides on its input inside its findings transaction', () => {
  let ownerToken: string;
  const faults = new CaptureFaults();

  const suite = useApp({
    as: 'managerA',
    worker: (app) => startBaselineWorker(app, ['baseline_capture'], { capture: { batchSize: 2, afterBatch: faults.afterBatch } }),
  });
  beforeAll(async () => {
    ownerToken = await suite.app.token(suite.world.users.ownerA);
  });

  /** A profile with an effective snapshot of 4 policies, a target drifting from it by 7 subjects, and a started compare waiting for a worker. */
  async function startedCompare(): Promise<{ fixture: BaselineFixture; snapshotId: string; runId: string }> {
    const { fixture, snapshotId } = await driftedFixture(suite.app, suite.world, suite.token);
    const started = await startCompare(suite.app, suite.token, fixture.targetTenantId);
    expect(started).toMatchObject({ __typename: 'CompareStarted', snapshot: { id: snapshotId } });
    return { fixture, snapshotId, runId: startedRunId(started) };
  }

  async function expectBlockedWithoutFindings(runId: string, fixture: BaselineFixture, reasonCode: string): Promise<void> {
    const run = await waitForCompletedRun(suite.app, runId, 30_000);
    expect(run).toMatchObject({ status: 'completed', outcome: 'blocked', reasonCode });
    expect(run.failureSummary).toContainEqual(expect.objectContaining({ code: reasonCode }));
    expect(await findingsOf(suite.app, fixture.targetTenantId)).toEqual([]);
  }

  async function gqlOk(query: string, variables: Record<string, unknown>, token: string): Promise<void> {
    const result = await suite.app.gql(query, variables, token);
    expect(result.errors).toBeUndefined();
  }

  it('a capture that completes a newer snapshot while the compare waits for the profile makes the compare end blocked as snapshot_superseded', async () => {
    const { fixture, snapshotId, runId } = await startedCompare();
    await replaceInventory(suite.app, suite.token, fixture.sourceTenantId, policies(4, 'n'));
    // The capture pauses after its last batch; its snapshot row is then locked, so its completion
    // takes the profile exclusively and waits: the compare's transaction queues behind it.
    const held = faults.holdAfter(2);
    const captureRunId = startedRunId(await startCapture(suite.app, suite.token, fixture.profileId, fixture.sourceTenantId));
    await held.reached;
    const [building] = await suite.app.em().execute<{ id: string }[]>(`select id from baseline_snapshots where producer_run_id = ?`, [captureRunId]);
    const snapshotRow = await holdLocks(suite.app.database.url, [['select id from baseline_snapshots where id = $1 for no key update', [building!.id]]]);
    let compareWorker: Worker | undefined;
    try {
      held.release();
      await waitForLockWaiters(suite.app, 1, 'update baseline_snapshots set lifecycle_state = %');
      compareWorker = await startBaselineWorker(suite.app, ['baseline_compare']);
      await waitForLockWaiters(suite.app, 1, COMPARE_LOCKING_INPUT);
      await snapshotRow.release();

      await expectBlockedWithoutFindings(runId, fixture, 'baseline.compare.snapshot_superseded');
    } finally {
      await snapshotRow.release();
      await compareWorker?.close();
    }
    const capture = await waitForCompletedRun(suite.app, captureRunId);
    expect(capture).toMatchObject({ outcome: 'succeeded' });
    expect(capturedSnapshotId(capture)).not.toBe(snapshotId);
  });

  it('a tenant archived after the compare started makes it end blocked as tenant_archived', async () => {
    const { fixture, runId } = await startedCompare();
    await gqlOk('mutation ($id: ID!) { archiveTenant(id: $id) { status } }', { id: fixture.targetTenantId }, ownerToken);

    await drainRuns(suite.app, ['baseline_compare'], [runId]);
    await expectBlockedWithoutFindings(runId, fixture, 'baseline.compare.tenant_archived');
  });

  it('a profile archived after the compare started makes it end blocked as profile_not_active', async () => {
    const { fixture, runId } = await startedCompare();
    await gqlOk('mutation ($id: ID!) { archiveBaselineProfile(id: $id) { status } }', { id: fixture.profileId }, suite.token);

    await drainRuns(suite.app, ['baseline_compare'], [runId]);
    await expectBlockedWithoutFindings(runId, fixture, 'baseline.compare.profile_not_active');
  });

  it('an assignment removed after the compare started makes it end blocked as no_assignment', async () => {
    const { fixture, runId } = await startedCompare();
    await gqlOk('mutation ($tenantId: ID!) { unassignBaselineProfile(tenantId: $tenantId) { id } }', { tenantId: fixture.targetTenantId }, suite.token);

    await drainRuns(suite.app, ['baseline_compare'], [runId]);
    await expectBlockedWithoutFindings(runId, fixture, 'baseline.compare.no_assignment');
  });

  it('a tenant archived after the compare locked its input waits for the compare, whose findings stand', async () => {
    const { fixture, runId } = await startedCompare();
    // The compare locks its input, then its drift query waits for the inventory table.
    const inventory = await holdLocks(suite.app.database.url, [['lock table inventory_items in access exclusive mode']]);
    const worker = await startBaselineWorker(suite.app, ['baseline_compare']);
    try {
      await waitForLockWaiters(suite.app, 1, '%from baseline_snapshot_items%');
      const archived = suite.app.gql('mutation ($id: ID!) { archiveTenant(id: $id) { status } }', { id: fixture.targetTenantId }, ownerToken);
      await waitForLockWaiters(suite.app, 1, 'update "tenants"%');
      await inventory.release();

      const run = await waitForCompletedRun(suite.app, runId, 30_000);
      expect(run).toMatchObject({ outcome: 'succeeded', summaryCounts: expect.objectContaining({ findings_open: 7 }) });
      expect(await findingsOf(suite.app, fixture.targetTenantId)).toHaveLength(7);
      expect((await archived).data?.archiveTenant).toEqual({ status: 'ARCHIVED' });
    } finally {
      await inventory.release();
      await worker.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegistry } from '../../src/app/handlers.js';
import { startWorker, type Worker } from '../../src/modules/operation-runs/jobs/worker.js';
import { driftedFixture } from '../support/baseline-fixture.js';
import { compareAndWait, startCompare, startedRunId } from '../support/baseline-operations.js';
import { findingsOf } from '../support/baseline-truth.js';
import { FAST_LIFECYCLE } from '../support/fast-lifecycle.js';
import { holdLocks, waitForLockWaiters } from '../support/row-locks.js';
import { waitForCompletedRun } from '../support/test-runs.js';
import { startFaultStack, type FaultStack } from './support/fault-stack.js';
import { ResumingRunSubscriber } from './support/resuming-subscriber.js';

const JOB_TIMEOUT_SECONDS = 3;

/**
 * Defect 6 drill: a compare held past its job timeout. The compare is held with a lock of the
 * drill's own at two depths — in its drift query (before it may write) and in its first findings
 * upsert (after the attempt fence, holding the run row) — and released only after its run ended.
 * The run must end at its timeout through the failure bridge, no finding may name it, and every
 * subscriber's stream must equal the outbox.
 */
describe('drill: a compare held past its job timeout', () => {
  let stack: FaultStack;
  let worker: Worker;
  let subscriber: ResumingRunSubscriber;
  let token: string;

  beforeAll(async () => {
    stack = await startFaultStack({
      ...FAST_LIFECYCLE,
      LIFECYCLE_BASELINE_COMPARE_JOB_TIMEOUT_SECONDS: String(JOB_TIMEOUT_SECONDS),
      LIFECYCLE_BASELINE_COMPARE_EXPECTED_RUNTIME_SECONDS: '2',
      LIFECYCLE_BASELINE_COMPARE_RUNNING_STALE_SECONDS: '10',
      LIFECYCLE_BASELINE_COMPARE_QUEUED_STALE_SECONDS: '10',
    });
    worker = await startWorker(stack.app.runtime, buildRegistry(stack.app.config));
    token = await stack.app.token(stack.world.users.managerA);
    subscriber = new ResumingRunSubscriber(() => stack.app.url, await stack.app.token(stack.world.users.ownerA), stack.world.workspaceA);
  });
  afterAll(async () => {
    await subscriber.close();
    await worker.close();
    await stack.close();
  });

  async function heldPastTimeout(where: string, lock: string, waiting: string): Promise<void> {
    const { app } = stack;
    const { fixture } = await driftedFixture(app, stack.world, token);
    const held = await holdLocks(stack.postgres.url, [[lock]]);
    let failedRunId: string;
    try {
      failedRunId = startedRunId(await startCompare(app, token, fixture.targetTenantId));
      await waitForLockWaiters(app, 1, waiting);

      const failed = await waitForCompletedRun(app, failedRunId, 30_000);
      expect(failed).toMatchObject({ outcome: 'failed', reasonCode: 'run.infrastructure_timeout_or_abandonment' });
      expect(failed.reconciliation).toMatchObject({ source: 'failure_bridge', evidence: { kind: 'timeout' } });
      const afterTimeout = (failed.completedAt!.getTime() - failed.startedAt!.getTime()) / 1000 - JOB_TIMEOUT_SECONDS;
      console.log(`[drill] compare-past-timeout (${where}): run terminal ${afterTimeout.toFixed(1)} s after its timeout`);
    } finally {
      await held.release();
    }

    // The marker: a compare of the same tenant after the release. It upserts the same subjects, so
    // it completes only after anything the held compare could still have written was settled.
    const next = await compareAndWait(app, token, fixture.targetTenantId);
    expect(next).toMatchObject({ outcome: 'succeeded', summaryCounts: expect.objectContaining({ findings_open: 7 }) });
    const findings = await findingsOf(app, fixture.targetTenantId);
    expect(findings).toHaveLength(7);
    expect(findings.filter((finding) => finding.producingRun === failedRunId || finding.lastSeenRun === failedRunId)).toEqual([]);

    const { received, outbox } = await subscriber.settledAgainstOutbox(app);
    expect(received).toEqual(outbox);
  }

  it('held in its drift query: the run fails at its timeout through the failure bridge, and no finding names it', async () => {
    await heldPastTimeout('drift query', 'lock table inventory_items in access exclusive mode', '%from baseline_snapshot_items%');
  });

  it('held in its findings upsert, holding the run row: the run still fails at its timeout, and no finding names it', async () => {
    await heldPastTimeout('findings upsert', 'lock table findings in access exclusive mode', '%insert into findings%');
  });
});

import { REASONS } from '../../src/app/reasons.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegistry } from '../../src/app/handlers.js';
import { OperationRegistry, type HandlerFor } from '../../src/modules/operation-runs/jobs/operation-registry.js';
import { startWorker, type Worker } from '../../src/modules/operation-runs/jobs/worker.js';
import { createBaselineFixture, policies, policy, replaceInventory, type BaselineFixture } from '../support/baseline-fixture.js';
import { capturedSnapshotId, startCapture, startCompare, startedRunId } from '../support/baseline-operations.js';
import { findingsOf, snapshotRow, snapshotsOf } from '../support/baseline-truth.js';
import { FAST_LIFECYCLE } from '../support/fast-lifecycle.js';
import { waitForCompletedRun } from '../support/test-runs.js';
import { DrillClock, expectTerminalTruth, TERMINAL_DEADLINE_MS } from './support/drill.js';
import { startFaultStack, type FaultStack } from './support/fault-stack.js';
import { ResumingRunSubscriber } from './support/resuming-subscriber.js';

const OUTAGE_MS = 6000;
const ITEMS = 5000;

/** Slow heartbeats keep an executing run well inside its silence window through the outage: only the worker's own writes can end it. */
const DRILL_ENV: Record<string, string> = {
  ...FAST_LIFECYCLE,
  HEARTBEAT_INTERVAL_SECONDS: '5',
  WORKER_STALL_INTERVAL_SECONDS: '2',
  QUEUE_CHECK_GRACE_SECONDS: '10',
  LIFECYCLE_BASELINE_CAPTURE_JOB_TIMEOUT_SECONDS: '60',
  LIFECYCLE_BASELINE_CAPTURE_EXPECTED_RUNTIME_SECONDS: '50',
  LIFECYCLE_BASELINE_CAPTURE_RUNNING_STALE_SECONDS: '120',
  LIFECYCLE_BASELINE_COMPARE_JOB_TIMEOUT_SECONDS: '60',
  LIFECYCLE_BASELINE_COMPARE_EXPECTED_RUNTIME_SECONDS: '50',
  LIFECYCLE_BASELINE_COMPARE_RUNNING_STALE_SECONDS: '120',
  LIFECYCLE_TEST_NOOP_RUNNING_STALE_SECONDS: '60',
};

/**
 * PostgreSQL stopped for six seconds while a capture persists its items, and while a compare runs.
 * The worker keeps trying to record what happened until the database is back: the capture run
 * fails normally with its snapshot finalized incomplete (never left building), the compare is
 * retried (its policy allows one retry) and succeeds with findings from the successful attempt only.
 */
describe('PostgreSQL stopped in the middle of a job', () => {
  let stack: FaultStack;
  let worker: Worker;
  let subscriber: ResumingRunSubscriber;
  let fixture: BaselineFixture;
  let token: string;
  /** Set by a test: breaks PostgreSQL the next time the capture finishes a batch, or the compare starts. */
  let captureFault: (() => Promise<void>) | null = null;
  let compareFault: (() => Promise<void>) | null = null;
  let restarted: Promise<void> = Promise.resolve();

  /** Stops PostgreSQL now (fast shutdown: connections cut) and starts it again OUTAGE_MS later. */
  const outage = (clock: DrillClock) => async () => {
    await stack.postgres.stop();
    clock.start();
    restarted = new Promise<void>((resolve) => setTimeout(resolve, OUTAGE_MS)).then(() => stack.postgres.start());
  };
  const once = (fault: () => Promise<void>) => async () => {
    captureFault = null;
    compareFault = null;
    await fault();
  };

  beforeAll(async () => {
    stack = await startFaultStack(DRILL_ENV);
    const full = buildRegistry(stack.app.config, { capture: { batchSize: 500, afterBatch: async (batch) => (batch === 2 ? captureFault?.() : undefined) } });
    const compare: HandlerFor<'baseline_compare'> = async (context) => {
      await compareFault?.();
      return full.operation('baseline_compare')!.handler(context);
    };
    worker = await startWorker(
      stack.app.runtime,
      new OperationRegistry(REASONS)
        .register('baseline_capture', full.operation('baseline_capture')!)
        .register('baseline_compare', { ...full.operation('baseline_compare')!, handler: compare }),
    );
    token = await stack.app.token(stack.world.users.managerA);
    fixture = await createBaselineFixture(stack.app, stack.world);
    await replaceInventory(stack.app, token, fixture.sourceTenantId, policies(ITEMS));
    subscriber = new ResumingRunSubscriber(() => stack.app.url, await stack.app.token(stack.world.users.ownerA), stack.world.workspaceA);
  });
  afterAll(async () => {
    await restarted;
    await subscriber?.close();
    await worker?.close();
    await stack?.close();
  });

  it('during a capture: the run fails through its normal path once the database is back, and its snapshot ends incomplete', async () => {
    const clock = new DrillClock('postgres-capture', 'PostgreSQL stopped');
    captureFault = once(outage(clock));
    const runId = startedRunId(await startCapture(stack.app, token, fixture.profileId, fixture.sourceTenantId));

    const run = await clock.terminal(stack.app, runId, 'capture run');
    expect(run).toMatchObject({ outcome: 'failed', reasonCode: 'run.execution_failed', reconciledAt: null, attempt: 1 });
    const [snapshot] = await snapshotsOf(stack.app, fixture.profileId);
    expect(snapshot).toMatchObject({ producerRun: runId, lifecycleState: 'incomplete' });
    expect(snapshot!.completionMeta).toMatchObject({ expectedItems: ITEMS, finalizationReasonCode: 'baseline.snapshot.capture_failed' });
    await restarted;

    await expectTerminalTruth(stack.app, stack.world.workspaceA, subscriber);
  }, 180_000);

  it('during a compare: the failed attempt is retried once the database is back, and only the successful attempt writes findings', async () => {
    const captured = await waitForCompletedRun(
      stack.app,
      startedRunId(await startCapture(stack.app, token, fixture.profileId, fixture.sourceTenantId)),
      TERMINAL_DEADLINE_MS,
    );
    expect(captured.outcome).toBe('succeeded');
    expect((await snapshotRow(stack.app, capturedSnapshotId(captured))).lifecycleState).toBe('complete');
    const target = policies(ITEMS)
      .slice(5)
      .map((item, index) => (index < 10 ? policy(item.externalId, { revision: 2 }) : item));
    await replaceInventory(stack.app, token, fixture.targetTenantId, [...target, policy('extra-1'), policy('extra-2'), policy('extra-3')]);

    const clock = new DrillClock('postgres-compare', 'PostgreSQL stopped');
    compareFault = once(outage(clock));
    const runId = startedRunId(await startCompare(stack.app, token, fixture.targetTenantId));

    const run = await clock.terminal(stack.app, runId, 'compare run');
    expect(run).toMatchObject({ outcome: 'succeeded', reconciledAt: null, attempt: 2 });
    expect(run.failureSummary).toEqual([expect.objectContaining({ code: 'run.attempt_failed' })]);
    expect(run.summaryCounts).toMatchObject({ drift_missing: 5, drift_unexpected: 3, drift_different: 10, findings_open: 18 });
    const findings = await findingsOf(stack.app, fixture.targetTenantId);
    expect(findings).toHaveLength(18);
    expect(new Set(findings.map((finding) => finding.producingRun))).toEqual(new Set([runId]));

    await expectTerminalTruth(stack.app, stack.world.workspaceA, subscriber);
  }, 180_000);
});

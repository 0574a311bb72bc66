import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaselineSnapshotSchema } from '../../src/modules/baselines/entities/baseline-snapshot.js';
import { OperationRunSchema } from '../../src/modules/operation-runs/entities/operation-run.js';
import { buildRegistry } from '../../src/app/handlers.js';
import { startWorker, type Worker } from '../../src/modules/operation-runs/jobs/worker.js';
import { createBaselineFixture, policies, replaceInventory, type BaselineFixture } from '../support/baseline-fixture.js';
import { startCapture, startedRunId } from '../support/baseline-operations.js';
import { snapshotsOf, storedItems } from '../support/baseline-truth.js';
import { FAST_LIFECYCLE } from '../support/fast-lifecycle.js';
import { waitFor } from '../support/wait-for.js';
import { startChildService, type ChildService } from '../support/worker-process.js';
import { DrillClock, expectTerminalTruth } from './support/drill.js';
import { startFaultStack, type FaultStack } from './support/fault-stack.js';
import { ResumingRunSubscriber } from './support/resuming-subscriber.js';

const ITEMS = 10_000;

/** Captures in batches of 100 take seconds; a stopping worker hands its attempts back at once (no drain). */
const DRILL_ENV: Record<string, string> = {
  ...FAST_LIFECYCLE,
  CAPTURE_BATCH_SIZE: '100',
  WORKER_SHUTDOWN_DRAIN_SECONDS: '0',
  LIFECYCLE_BASELINE_CAPTURE_JOB_TIMEOUT_SECONDS: '60',
  LIFECYCLE_BASELINE_CAPTURE_EXPECTED_RUNTIME_SECONDS: '50',
  LIFECYCLE_BASELINE_CAPTURE_RUNNING_STALE_SECONDS: '120',
  LIFECYCLE_BASELINE_CAPTURE_QUEUED_STALE_SECONDS: '120',
};

/**
 * A worker process gets SIGTERM while its capture is persisting items. It stops taking jobs, hands
 * the attempt back (its building snapshot finalized incomplete, a new attempt queued) and exits by
 * itself; the next attempt runs on a second worker that is already there, or on a worker started
 * later when there is none (here in this process). No run is left for another worker's stall detection.
 */
describe('a worker stopped with SIGTERM in the middle of a capture', () => {
  let stack: FaultStack;
  let subscriber: ResumingRunSubscriber;
  let fixture: BaselineFixture;
  let token: string;
  const workers: Worker[] = [];
  const children: ChildService[] = [];

  beforeAll(async () => {
    stack = await startFaultStack(DRILL_ENV);
    token = await stack.app.token(stack.world.users.managerA);
    fixture = await createBaselineFixture(stack.app, stack.world);
    subscriber = new ResumingRunSubscriber(() => stack.app.url, await stack.app.token(stack.world.users.ownerA), stack.world.workspaceA);
  });
  afterAll(async () => {
    await subscriber?.close();
    for (const child of children) await child.stop();
    for (const worker of workers) await worker.close();
    await stack?.close();
  });

  /** Starts a capture of a fresh inventory on a worker process and waits until its snapshot holds items. */
  async function captureOnDoomedWorker(prefix: string): Promise<{ doomed: ChildService; runId: string; building: string }> {
    await replaceInventory(stack.app, token, fixture.sourceTenantId, policies(ITEMS, prefix));
    const doomed = await startChildService(stack.app.config, 'worker', DRILL_ENV);
    children.push(doomed);
    const runId = startedRunId(await startCapture(stack.app, token, fixture.profileId, fixture.sourceTenantId));
    const building = await waitFor(
      async () => {
        const snapshot = await stack.app.em().findOne(BaselineSnapshotSchema, { producerRun: runId, lifecycleState: 'building' });
        return snapshot && (await storedItems(stack.app, snapshot.id)).items > 0 ? snapshot.id : undefined;
      },
      60_000,
      20,
      'the capture to persist its first batch',
    );
    return { doomed, runId, building };
  }

  /** SIGTERM, and the process must exit by itself (code 0), not be killed after the stop timeout. */
  async function terminate(doomed: ChildService): Promise<void> {
    await doomed.stop();
    expect({ code: doomed.process.exitCode, signal: doomed.process.signalCode }).toEqual({ code: 0, signal: null });
  }

  async function expectHandedBack(runId: string, building: string): Promise<void> {
    const run = await stack.app.em().findOneOrFail(OperationRunSchema, runId);
    expect(run.context).toMatchObject({ handedBackAttempts: 1 });
    const snapshot = await stack.app.em().findOneOrFail(BaselineSnapshotSchema, building);
    expect(snapshot.lifecycleState).toBe('incomplete');
  }

  it('with a second worker: the attempt is handed back and the other worker captures the snapshot', async () => {
    const { doomed, runId, building } = await captureOnDoomedWorker('a');
    workers.push(await startWorker(stack.app.runtime, buildRegistry(stack.app.config)));
    const clock = new DrillClock('worker-sigterm-with-standby', 'SIGTERM');

    clock.start();
    await terminate(doomed);
    await expectHandedBack(runId, building);

    const run = await clock.terminal(stack.app, runId, 'capture run');
    expect(run).toMatchObject({ outcome: 'succeeded', attempt: 2, reconciledAt: null, failureSummary: [] });
    const snapshots = (await snapshotsOf(stack.app, fixture.profileId)).filter((snapshot) => snapshot.producerRun === runId);
    expect(snapshots.map((snapshot) => snapshot.lifecycleState)).toEqual(['incomplete', 'complete']);

    await workers.pop()!.close();
    await expectTerminalTruth(stack.app, stack.world.workspaceA, subscriber);
  }, 180_000);

  it('with no other worker: the attempt waits in the queue, not on a dead worker, and the restarted worker captures the snapshot', async () => {
    const { doomed, runId, building } = await captureOnDoomedWorker('b');
    const clock = new DrillClock('worker-sigterm-alone', 'SIGTERM');

    clock.start();
    await terminate(doomed);
    await expectHandedBack(runId, building);
    const waiting = await stack.app.em().findOneOrFail(OperationRunSchema, runId);
    expect(waiting).toMatchObject({ status: 'running', attemptStartedAt: null });
    expect(await stack.app.runtime.queues.jobExists('baseline_capture', waiting.currentAttemptId!)).toBe(true);

    workers.push(await startWorker(stack.app.runtime, buildRegistry(stack.app.config)));
    const run = await clock.terminal(stack.app, runId, 'capture run (worker restarted)');
    expect(run).toMatchObject({ outcome: 'succeeded', attempt: 2, reconciledAt: null, failureSummary: [] });

    await expectTerminalTruth(stack.app, stack.world.workspaceA, subscriber);
  }, 180_000);
});

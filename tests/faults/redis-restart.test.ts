import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OperationRunSchema, type OperationRun } from '../../src/modules/operation-runs/entities/operation-run.js';
import type { TestOperationScript } from '../../src/modules/operation-runs/jobs/operation-contracts.js';
import { FAST_LIFECYCLE } from '../support/fast-lifecycle.js';
import { runRequest, type RunScope } from '../support/test-runs.js';
import { waitFor } from '../support/wait-for.js';
import { startChildService, type ChildService } from '../support/worker-process.js';
import { DrillClock, expectTerminalTruth } from './support/drill.js';
import { startFaultStack, type FaultStack } from './support/fault-stack.js';
import { ResumingRunSubscriber } from './support/resuming-subscriber.js';

/**
 * One worker taking one job at a time, so a run can be executing while another waits in the queue.
 * The queue-check grace (also how long a job the queue did not take is retried) outlasts the outage.
 */
const DRILL_ENV: Record<string, string> = {
  ...FAST_LIFECYCLE,
  WORKER_CONCURRENCY: '1',
  WORKER_STALL_INTERVAL_SECONDS: '2',
  QUEUE_CHECK_GRACE_SECONDS: '10',
  LIFECYCLE_TEST_NOOP_JOB_TIMEOUT_SECONDS: '30',
  LIFECYCLE_TEST_NOOP_EXPECTED_RUNTIME_SECONDS: '20',
  LIFECYCLE_TEST_NOOP_RUNNING_STALE_SECONDS: '90',
  LIFECYCLE_TEST_NOOP_QUEUED_STALE_SECONDS: '90',
};

/** Works for about six seconds, reporting progress, so it is executing when Redis fails. */
const LONG_RUN: TestOperationScript = { steps: 30, ms: 200 };

/**
 * A Redis without persistence loses every key and every loaded Lua script when it restarts, and a
 * FLUSHALL loses every key. Producer (this API) and consumer (a worker process) must recover by
 * themselves: the executing run finishes, a run whose job was lost ends by the queue check, a run
 * started while Redis was away is enqueued once it is back, and runs started afterwards succeed.
 */
describe('Redis restarted or flushed with runs queued and running', () => {
  let stack: FaultStack;
  let worker: ChildService;
  let subscriber: ResumingRunSubscriber;
  let scope: RunScope;

  beforeAll(async () => {
    stack = await startFaultStack(DRILL_ENV);
    worker = await startChildService(stack.app.config, 'worker', DRILL_ENV);
    scope = { workspaceId: stack.world.workspaceA, tenantId: stack.world.tenantA1, initiatorId: stack.world.users.ownerA };
    subscriber = new ResumingRunSubscriber(() => stack.app.url, await stack.app.token(stack.world.users.ownerA), stack.world.workspaceA);
  });
  afterAll(async () => {
    await subscriber?.close();
    await worker?.stop();
    await stack?.close();
  });

  const launch = async (script: TestOperationScript) => (await stack.app.runtime.runs.launch(runRequest(scope, script))).run;
  const runStatus = async (runId: string) => (await stack.app.em().findOneOrFail(OperationRunSchema, runId)).status;

  /** A run executing on the worker and one waiting behind it in the queue. */
  async function runningAndQueued() {
    const running = await launch(LONG_RUN);
    await waitFor(async () => (await runStatus(running.id)) === 'running', 30_000, 50, 'the long run to start');
    const queued = await launch({});
    expect(await stack.app.runtime.queues.jobExists('test.noop', queued.currentAttemptId!)).toBe(true);
    return { running, queued };
  }

  /**
   * The executing run finished normally, the queued run whose job Redis lost was failed by the queue
   * check, and every run started once the fault began succeeded normally.
   */
  async function expectRecovered(clock: DrillClock, running: OperationRun, queued: OperationRun, startedLater: [OperationRun, string][]) {
    const finished = await clock.terminal(stack.app, running.id, 'executing run');
    expect(finished).toMatchObject({ outcome: 'succeeded', reconciledAt: null });
    const lost = await clock.terminal(stack.app, queued.id, 'queued run whose job was lost');
    expect(lost).toMatchObject({ outcome: 'failed', reasonCode: 'run.queue_job_lost', reconciliation: { source: 'queue_check' } });
    for (const [run, what] of startedLater) {
      expect(await clock.terminal(stack.app, run.id, what)).toMatchObject({ outcome: 'succeeded', reconciledAt: null });
    }
  }

  it('a restart: the executing run finishes, the lost queued run ends by the queue check, runs started during and after the outage succeed', async () => {
    const { running, queued } = await runningAndQueued();
    const clock = new DrillClock('redis-restart', 'Redis was killed');

    clock.start();
    await stack.redis.stop();
    const duringOutage = await launch({});
    expect(duringOutage.status).toBe('queued');
    await stack.redis.start();
    const afterRestart = await launch({});

    await expectRecovered(clock, running, queued, [
      [duringOutage, 'run started while Redis was down'],
      [afterRestart, 'run started after the restart'],
    ]);

    await expectTerminalTruth(stack.app, scope.workspaceId, subscriber);
  }, 180_000);

  it('a FLUSHALL: the executing run finishes, the lost queued run ends by the queue check, runs started afterwards succeed', async () => {
    const { running, queued } = await runningAndQueued();
    const clock = new DrillClock('redis-flushall', 'FLUSHALL');

    clock.start();
    await stack.redis.flushAll();
    const afterFlush = await launch({});

    await expectRecovered(clock, running, queued, [[afterFlush, 'run started after the flush']]);

    await expectTerminalTruth(stack.app, scope.workspaceId, subscriber);
  }, 180_000);
});

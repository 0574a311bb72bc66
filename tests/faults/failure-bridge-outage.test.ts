import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptSilenceSeconds } from '../../src/modules/operation-runs/domain/lifecycle-policy.js';
import { OperationRunSchema } from '../../src/modules/operation-runs/entities/operation-run.js';
import { buildRegistry } from '../../src/app/handlers.js';
import { startWorker, type Worker } from '../../src/modules/operation-runs/jobs/worker.js';
import { FAST_LIFECYCLE } from '../support/fast-lifecycle.js';
import { runRequest, type RunScope } from '../support/test-runs.js';
import { waitFor } from '../support/wait-for.js';
import { startChildService } from '../support/worker-process.js';
import { DrillClock, expectTerminalTruth } from './support/drill.js';
import { startFaultStack, type FaultStack } from './support/fault-stack.js';
import { ResumingRunSubscriber } from './support/resuming-subscriber.js';

const OUTAGE_MS = 6000;

/**
 * Heartbeats every 5 s and a 2 s stall interval give an executing run a 12 s silence window: longer
 * than the outage, so while its worker lives only the failure bridge can end it.
 */
const DRILL_ENV: Record<string, string> = {
  ...FAST_LIFECYCLE,
  HEARTBEAT_INTERVAL_SECONDS: '5',
  WORKER_STALL_INTERVAL_SECONDS: '2',
  LIFECYCLE_TEST_NOOP_JOB_TIMEOUT_SECONDS: '30',
  LIFECYCLE_TEST_NOOP_EXPECTED_RUNTIME_SECONDS: '20',
  LIFECYCLE_TEST_NOOP_RUNNING_STALE_SECONDS: '120',
  LIFECYCLE_TEST_NOOP_QUEUED_STALE_SECONDS: '120',
};

/**
 * A job fails in the queue (its handler reports counts the run service refuses) while PostgreSQL
 * is down, so nothing can be written at that moment and the job is already gone from Redis. The
 * bridge keeps trying until the database is back; if its worker dies meanwhile, the reconciler's
 * queue check ends the run (its job is gone and it went silent) instead of the stale threshold.
 */
describe('a job that fails while PostgreSQL is down', () => {
  let stack: FaultStack;
  let subscriber: ResumingRunSubscriber;
  let scope: RunScope;
  const workers: Worker[] = [];

  beforeAll(async () => {
    stack = await startFaultStack(DRILL_ENV);
    scope = { workspaceId: stack.world.workspaceA, tenantId: stack.world.tenantA1, initiatorId: stack.world.users.ownerA };
    subscriber = new ResumingRunSubscriber(() => stack.app.url, await stack.app.token(stack.world.users.ownerA), stack.world.workspaceA);
  });
  afterAll(async () => {
    await subscriber?.close();
    for (const worker of workers) await worker.close();
    await stack?.close();
  });

  /** A run that works for two seconds, then fails in the queue. */
  const launchDoomed = async () => (await stack.app.runtime.runs.launch(runRequest(scope, { steps: 10, ms: 200, summaryCounts: { itemsDone: 1 } }))).run;
  const whenRunning = (runId: string) =>
    waitFor(async () => (await stack.app.em().findOneOrFail(OperationRunSchema, runId)).status === 'running', 30_000, 50, 'the run to start');
  const jobGone = (attemptId: string) =>
    waitFor(async () => !(await stack.app.runtime.queues.jobExists('test.noop', attemptId)), 30_000, 50, 'the job to fail');
  const restartLater = () => new Promise<void>((resolve) => setTimeout(resolve, OUTAGE_MS)).then(() => stack.postgres.start());

  it('is bridged once the database is back, by the failure bridge of the worker that holds it', async () => {
    const worker = await startWorker(stack.app.runtime, buildRegistry(stack.app.config));
    workers.push(worker);
    const run = await launchDoomed();
    await whenRunning(run.id);
    const clock = new DrillClock('postgres-failure-bridge', 'PostgreSQL stopped');

    clock.start();
    await stack.postgres.stop();
    await jobGone(run.currentAttemptId!);
    await restartLater();

    const bridged = await clock.terminal(stack.app, run.id, 'run whose job failed during the outage');
    expect(bridged).toMatchObject({ outcome: 'failed', reasonCode: 'run.queue_failure_bridge' });
    expect(bridged.reconciliation).toMatchObject({ source: 'failure_bridge', evidence: { kind: 'queue_error', errorClass: 'InvalidCounts' } });
    await workers.pop()!.close();

    await expectTerminalTruth(stack.app, scope.workspaceId, subscriber);
  }, 180_000);

  it('whose worker dies before the database is back is ended by the queue check of another worker', async () => {
    const doomed = await startChildService(stack.app.config, 'worker', DRILL_ENV);
    const run = await launchDoomed();
    await whenRunning(run.id);
    const clock = new DrillClock('postgres-failure-bridge-worker-died', 'PostgreSQL stopped');

    clock.start();
    await stack.postgres.stop();
    await jobGone(run.currentAttemptId!);
    await doomed.kill();
    workers.push(await startWorker(stack.app.runtime, buildRegistry(stack.app.config)));
    await restartLater();

    const ended = await clock.terminal(stack.app, run.id, 'run whose worker died with the failure unrecorded');
    expect(ended).toMatchObject({ outcome: 'failed', reasonCode: 'run.infrastructure_timeout_or_abandonment' });
    expect(ended.reconciliation).toMatchObject({
      source: 'queue_check',
      evidence: { attemptId: run.currentAttemptId, silenceThresholdSeconds: attemptSilenceSeconds(stack.app.config.lifecycle.timing) },
    });

    await expectTerminalTruth(stack.app, scope.workspaceId, subscriber);
  }, 180_000);
});

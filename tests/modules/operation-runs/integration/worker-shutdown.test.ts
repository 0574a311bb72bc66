import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegistry } from '../../../../src/app/handlers.js';
import { startWorker, type Worker } from '../../../../src/modules/operation-runs/jobs/worker.js';
import { type Runtime } from '../../../../src/platform/runtime.js';
import { FAST_LIFECYCLE } from '../../../support/fast-lifecycle.js';
import { auditActions, eventKinds, runTrail } from '../../../support/run-trail.js';
import { findRun, launchTestRun, waitForCompletedRun, type RunScope } from '../../../support/test-runs.js';
import { useApp } from '../../../support/use-app.js';
import { waitFor } from '../../../support/wait-for.js';

/** Attempts that take seconds, well inside a 30 s job timeout; one retry after a failed attempt. */
const SHUTDOWN_LIFECYCLE: Record<string, string> = {
  ...FAST_LIFECYCLE,
  LIFECYCLE_TEST_NOOP_JOB_TIMEOUT_SECONDS: '30',
  LIFECYCLE_TEST_NOOP_EXPECTED_RUNTIME_SECONDS: '20',
  LIFECYCLE_TEST_NOOP_RUNNING_STALE_SECONDS: '60',
  LIFECYCLE_TEST_NOOP_RETRIES: '1',
};

describe('a worker asked to stop', () => {
  const suite = useApp({ env: SHUTDOWN_LIFECYCLE });
  let scope: RunScope;
  const workers: Worker[] = [];

  beforeAll(async () => {
    scope = { workspaceId: suite.world.workspaceA, tenantId: suite.world.tenantA1, initiatorId: suite.world.users.ownerA };
  });
  afterAll(async () => {
    for (const worker of workers) await worker.close();
  });

  /** A worker whose shutdown drain is `drainSeconds`. */
  const workerDraining = async (drainSeconds: number | null): Promise<Worker> => {
    const runtime: Runtime = {
      ...suite.app.runtime,
      config: { ...suite.app.config, lifecycle: { ...suite.app.config.lifecycle, shutdownDrainSeconds: drainSeconds } },
    };
    const worker = await startWorker(runtime, buildRegistry(suite.app.config));
    workers.push(worker);
    return worker;
  };
  const stop = async (worker: Worker) => {
    workers.splice(workers.indexOf(worker), 1);
    await worker.close();
  };
  const whenRunning = (runId: string) => waitFor(async () => (await findRun(suite.app, runId)).attemptStartedAt !== null, 30_000, 50, 'the attempt to start');

  it('lets an executing attempt finish within the drain (by default the job timeout) before it stops', async () => {
    const worker = await workerDraining(null);
    // Longer than the five seconds a worker used to wait before leaving its runs behind.
    const launched = await launchTestRun(suite.app, scope, { mode: 'sleep', ms: 6000 });
    await whenRunning(launched.id);

    await stop(worker);

    expect(await findRun(suite.app, launched.id)).toMatchObject({ status: 'completed', outcome: 'succeeded', attempt: 1, reconciledAt: null });
  });

  it('hands back an attempt still executing when the drain ends: released without counting as a failure, queued again for the next worker', async () => {
    const worker = await workerDraining(0);
    // Each attempt works for about three seconds; the first two then fail, the third succeeds.
    const launched = await launchTestRun(suite.app, scope, { mode: 'throw', succeedFromAttempt: 3, steps: 20, ms: 150 });
    const first = await whenRunning(launched.id).then(() => findRun(suite.app, launched.id));

    await stop(worker);

    const handedBack = await findRun(suite.app, launched.id);
    expect(handedBack).toMatchObject({
      status: 'running',
      attempt: 1,
      attemptStartedAt: null,
      failureSummary: [],
      context: expect.objectContaining({ handedBackAttempts: 1 }),
    });
    expect(handedBack.currentAttemptId).not.toBe(first.currentAttemptId);
    expect(await suite.app.runtime.queues.jobExists('test.noop', handedBack.currentAttemptId!)).toBe(true);
    const trail = await runTrail(suite.app.em(), launched.id);
    expect(eventKinds(trail)).toEqual(['QUEUED', 'STARTED', 'PROGRESS']);
    expect(trail.events[2]!.payload).toMatchObject({ attemptHandedBack: 1, cause: 'worker_shutdown' });
    expect(auditActions(trail)).toEqual(['operation_run.queued', 'operation_run.attempt_handed_back']);

    // The handed-back attempt does not use up the one retry: attempt 2 fails and is retried, attempt 3 succeeds.
    await workerDraining(null);
    const run = await waitForCompletedRun(suite.app, launched.id, 60_000);
    expect(run).toMatchObject({ outcome: 'succeeded', attempt: 3, reconciledAt: null });
    expect(run.failureSummary).toEqual([{ code: 'run.attempt_failed', message: 'Attempt 2: Diagnostic failure requested (attempt 2).' }]);
  });
});

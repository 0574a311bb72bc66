import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegistry } from '../../../../src/app/handlers.js';
import { startWorker, type Worker } from '../../../../src/modules/operation-runs/jobs/worker.js';
import { FAST_LIFECYCLE } from '../../../support/fast-lifecycle.js';
import {
  createUnqueuedRun,
  findRun,
  launchTestRun,
  runAuditRecords,
  runEvents,
  testExecutions,
  waitForCompletedRun,
  type RunScope,
} from '../../../support/test-runs.js';
import { useApp } from '../../../support/use-app.js';
import { waitFor } from '../../../support/wait-for.js';
import { startChildService } from '../../../support/worker-process.js';
import { createWorld } from '../../../support/world.js';

const JOB_TIMEOUT_SECONDS = Number(FAST_LIFECYCLE.LIFECYCLE_TEST_NOOP_JOB_TIMEOUT_SECONDS!);

const suite = useApp({ world: false, env: FAST_LIFECYCLE });

describe('the worker drives every run to terminal truth', () => {
  let worker: Worker;
  let scope: RunScope;

  beforeAll(async () => {
    const world = await createWorld(suite.app.em());
    scope = { workspaceId: world.workspaceA, tenantId: world.tenantA1, initiatorId: world.users.ownerA };
    worker = await startWorker(suite.app.runtime, buildRegistry(suite.app.config));
  });
  afterAll(() => worker.close());

  it('a succeeding run ends completed/succeeded and reports its progress as numeric summary counts', async () => {
    const launched = await launchTestRun(suite.app, scope, { mode: 'succeed', steps: 3, ms: 120 });

    const run = await waitForCompletedRun(suite.app, launched.id);

    expect(run).toMatchObject({ status: 'completed', outcome: 'succeeded', reasonCode: null, reconciledAt: null, attempt: 1 });
    expect(run.summaryCounts).toEqual({ steps_done: 3, steps_total: 3 });
    const events = await runEvents(suite.app, run.id);
    expect(events[0]!.kind).toBe('QUEUED');
    expect(events[1]!.kind).toBe('STARTED');
    expect(events.filter((event) => event.kind === 'COMPLETED')).toHaveLength(1);
    const progress = events.filter((event) => event.kind === 'PROGRESS').map((event) => event.payload.summaryCounts as Record<string, unknown>);
    expect(progress.length).toBeGreaterThan(0);
    for (const counts of progress) {
      expect(Object.values(counts).every((value) => typeof value === 'number')).toBe(true);
    }
    expect(progress.at(-1)).toMatchObject({ steps_total: 3 });
    expect(await testExecutions(suite.app, run.id)).toBe(1);
  });

  it('a handler that throws fails the run through the normal failure path: run.execution_failed, no reconciliation', async () => {
    const launched = await launchTestRun(suite.app, scope, { mode: 'throw' });

    const run = await waitForCompletedRun(suite.app, launched.id);

    expect(run).toMatchObject({ status: 'completed', outcome: 'failed', reasonCode: 'run.execution_failed', reconciledAt: null, reconciliation: null });
    expect(run.failureSummary).toContainEqual({ code: 'run.execution_failed', message: 'Diagnostic failure requested (attempt 1).' });
    const kinds = (await runEvents(suite.app, run.id)).map((event) => event.kind);
    expect(kinds).toContain('COMPLETED');
    expect(kinds).not.toContain('RECONCILED');
    expect((await runAuditRecords(suite.app, run.id)).map((record) => record.action)).toEqual(['operation_run.queued', 'operation_run.completed']);
  });

  it('an attempt that exceeds its job timeout is failed by the direct failure bridge, not by the stale-run reconciler', async () => {
    const launched = await launchTestRun(suite.app, scope, { mode: 'hang' });

    const run = await waitForCompletedRun(suite.app, launched.id, 60_000);

    expect(run).toMatchObject({ status: 'completed', outcome: 'failed', reasonCode: 'run.infrastructure_timeout_or_abandonment' });
    expect(run.reconciliation).toMatchObject({
      source: 'failure_bridge',
      reasonCode: 'run.infrastructure_timeout_or_abandonment',
      evidence: { kind: 'timeout', attemptId: launched.currentAttemptId },
    });
    const secondsRunning = (run.completedAt!.getTime() - run.startedAt!.getTime()) / 1000;
    expect(secondsRunning).toBeGreaterThanOrEqual(JOB_TIMEOUT_SECONDS - 0.1);
    expect((await runEvents(suite.app, run.id)).filter((event) => event.kind === 'RECONCILED')).toHaveLength(1);
    expect(await testExecutions(suite.app, run.id)).toBe(1);
  });

  it('a blocked run ends completed/blocked with the reason code its handler gave', async () => {
    const launched = await launchTestRun(suite.app, scope, { mode: 'block' });

    const run = await waitForCompletedRun(suite.app, launched.id);

    expect(run).toMatchObject({ status: 'completed', outcome: 'blocked', reasonCode: 'test.blocked', reconciledAt: null });
    expect(run.failureSummary).toContainEqual({ code: 'test.blocked', message: 'Blocked on request.' });
  });

  it('a partial run ends completed/partially_succeeded with its failures', async () => {
    const launched = await launchTestRun(suite.app, scope, { mode: 'partial' });

    const run = await waitForCompletedRun(suite.app, launched.id);

    expect(run).toMatchObject({ status: 'completed', outcome: 'partially_succeeded', reconciledAt: null });
    expect(run.failureSummary).toContainEqual({ code: 'test.partial', message: 'Some items were skipped on request.' });
  });

  it('a job whose run already completed (force-failed before a worker picked it up) is skipped and never executed', async () => {
    const created = await createUnqueuedRun(suite.app, scope);
    const failed = await suite.app.runtime.runs.forceFailNonTerminal(created.id, {
      reasonCode: 'run.stale_queued',
      message: 'Failed before a worker picked the job up.',
      source: 'scheduled_reconciler',
      evidence: {},
    });
    expect(failed.applied).toBe(true);
    await suite.app.runtime.runs.enqueue(created);

    await waitFor(async () => !(await suite.app.runtime.queues.jobExists('test.noop', created.currentAttemptId!)), 10_000, 50, 'the worker to take the job');

    const run = await findRun(suite.app, created.id);
    expect(run).toMatchObject({ status: 'completed', outcome: 'failed', reasonCode: 'run.stale_queued', attempt: 0, startedAt: null });
    expect((await runEvents(suite.app, run.id)).map((event) => event.kind)).not.toContain('STARTED');
    expect(await testExecutions(suite.app, run.id)).toBe(0);
  });
});

describe('a worker with a misaligned lifecycle policy', () => {
  it('refuses to start, naming the type and the timing invariant it violates', async () => {
    const misaligned = { ...FAST_LIFECYCLE, LIFECYCLE_TEST_NOOP_RUNNING_STALE_SECONDS: '3' };

    const failure = await startChildService(suite.app.config, 'worker', misaligned).then(
      async (child) => {
        await child.stop();
        return 'the worker started';
      },
      (error: Error) => error.message,
    );

    expect(failure).toMatch(/exited with code 1 before it was ready/);
    expect(failure).toContain('The worker refuses to start: the lifecycle policy violates its timing invariants.');
    expect(failure).toContain('[test.noop] running-stale threshold 3s must exceed job timeout 2s + stall detection window 3s + safety margin 1s = 6s.');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegistry } from '../../src/app/handlers.js';
import { startWorker, type Worker } from '../../src/modules/operation-runs/jobs/worker.js';
import { FAST_LIFECYCLE } from '../support/fast-lifecycle.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { launchTestRun, runEvents, testExecutions, waitForCompletedRun, type RunScope } from '../support/test-runs.js';
import { createWorld } from '../support/world.js';

describe('a type with one retry', () => {
  let app: TestApp;
  let worker: Worker;
  let scope: RunScope;

  beforeAll(async () => {
    app = await startTestApp({ ...FAST_LIFECYCLE, LIFECYCLE_TEST_NOOP_RETRIES: '1' });
    const world = await createWorld(app.em());
    scope = { workspaceId: world.workspaceA, tenantId: world.tenantA1, initiatorId: world.users.ownerA };
    worker = await startWorker(app.runtime, buildRegistry(app.config));
  });
  afterAll(async () => {
    await worker.close();
    await app.close();
  });

  it('a failed first attempt is retried, and the run succeeds on attempt 2 with the retry visible in its events', async () => {
    const launched = await launchTestRun(app, scope, { mode: 'throw', succeedFromAttempt: 2 });

    const run = await waitForCompletedRun(app, launched.id);

    expect(run).toMatchObject({ status: 'completed', outcome: 'succeeded', attempt: 2, reasonCode: null, reconciledAt: null });
    expect(run.failureSummary).toEqual([{ code: 'run.attempt_failed', message: 'Attempt 1: Diagnostic failure requested (attempt 1).' }]);
    const events = await runEvents(app, run.id);
    expect(events.map((event) => event.kind)).toEqual(['QUEUED', 'STARTED', 'PROGRESS', 'STARTED', 'COMPLETED', 'NOTIFICATION']);
    expect(events[2]!.payload).toMatchObject({ retryScheduled: true, failedAttempt: 1 });
    expect(events[3]!.payload).toMatchObject({ status: 'running', attempt: 2 });
    expect(await testExecutions(app, run.id)).toBe(2);
  });

  it('when every attempt fails the retries are exhausted and the run fails with run.execution_failed', async () => {
    const launched = await launchTestRun(app, scope, { mode: 'throw' });

    const run = await waitForCompletedRun(app, launched.id);

    expect(run).toMatchObject({ status: 'completed', outcome: 'failed', attempt: 2, reasonCode: 'run.execution_failed', reconciledAt: null });
    expect(run.failureSummary).toEqual([
      { code: 'run.attempt_failed', message: 'Attempt 1: Diagnostic failure requested (attempt 1).' },
      { code: 'run.execution_failed', message: 'Diagnostic failure requested (attempt 2).' },
    ]);
    const kinds = (await runEvents(app, run.id)).map((event) => event.kind);
    expect(kinds.filter((kind) => kind === 'STARTED')).toHaveLength(2);
    expect(kinds).not.toContain('RECONCILED');
    expect(await testExecutions(app, run.id)).toBe(2);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { FAST_LIFECYCLE } from '../../../support/fast-lifecycle.js';
import { launchTestRun, runEvents, testExecutions, waitForCompletedRun, type RunScope } from '../../../support/test-runs.js';
import { useApp } from '../../../support/use-app.js';

describe('a type with one retry', () => {
  const suite = useApp({ worker: true, env: { ...FAST_LIFECYCLE, LIFECYCLE_TEST_NOOP_RETRIES: '1' } });
  let scope: RunScope;

  beforeAll(async () => {
    scope = { workspaceId: suite.world.workspaceA, tenantId: suite.world.tenantA1, initiatorId: suite.world.users.ownerA };
  });

  it('a failed first attempt is retried, and the run succeeds on attempt 2 with the retry visible in its events', async () => {
    const launched = await launchTestRun(suite.app, scope, { mode: 'throw', succeedFromAttempt: 2 });

    const run = await waitForCompletedRun(suite.app, launched.id);

    expect(run).toMatchObject({ status: 'completed', outcome: 'succeeded', attempt: 2, reasonCode: null, reconciledAt: null });
    expect(run.failureSummary).toEqual([{ code: 'run.attempt_failed', message: 'Attempt 1: Diagnostic failure requested (attempt 1).' }]);
    const events = await runEvents(suite.app, run.id);
    expect(events.map((event) => event.kind)).toEqual(['QUEUED', 'STARTED', 'PROGRESS', 'STARTED', 'COMPLETED', 'NOTIFICATION']);
    expect(events[2]!.payload).toMatchObject({ retryScheduled: true, failedAttempt: 1 });
    expect(events[3]!.payload).toMatchObject({ status: 'running', attempt: 2 });
    expect(await testExecutions(suite.app, run.id)).toBe(2);
  });

  it('when every attempt fails the retries are exhausted and the run fails with run.execution_failed', async () => {
    const launched = await launchTestRun(suite.app, scope, { mode: 'throw' });

    const run = await waitForCompletedRun(suite.app, launched.id);

    expect(run).toMatchObject({ status: 'completed', outcome: 'failed', attempt: 2, reasonCode: 'run.execution_failed', reconciledAt: null });
    expect(run.failureSummary).toEqual([
      { code: 'run.attempt_failed', message: 'Attempt 1: Diagnostic failure requested (attempt 1).' },
      { code: 'run.execution_failed', message: 'Diagnostic failure requested (attempt 2).' },
    ]);
    const kinds = (await runEvents(suite.app, run.id)).map((event) => event.kind);
    expect(kinds.filter((kind) => kind === 'STARTED')).toHaveLength(2);
    expect(kinds).not.toContain('RECONCILED');
    expect(await testExecutions(suite.app, run.id)).toBe(2);
  });
});

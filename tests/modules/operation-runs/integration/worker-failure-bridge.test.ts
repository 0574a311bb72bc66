import { beforeAll, describe, expect, it } from 'vitest';
import { FAST_LIFECYCLE } from '../../../support/fast-lifecycle.js';
import { auditActions, eventKinds, runTrail } from '../../../support/run-trail.js';
import { launchTestRun, testExecutions, waitForCompletedRun, type RunScope } from '../../../support/test-runs.js';
import { useApp } from '../../../support/use-app.js';

/**
 * The worker's Bee-Queue `failed` listener is the direct failure bridge for jobs whose outcome the
 * tracker could not record: here the handler succeeds but reports summary counts the run service
 * refuses, so the job itself fails. Without the bridge the run would sit running until a backstop
 * (the queue check or the stale threshold) ended it with another reason.
 */
describe('a job that fails in the queue', () => {
  const suite = useApp({ worker: true, env: FAST_LIFECYCLE });
  let scope: RunScope;

  beforeAll(async () => {
    scope = { workspaceId: suite.world.workspaceA, tenantId: suite.world.tenantA1, initiatorId: suite.world.users.ownerA };
  });

  it('is bridged to its run at once: failed as run.queue_failure_bridge by the failure bridge, with the queue error as evidence', async () => {
    const launched = await launchTestRun(suite.app, scope, { summaryCounts: { itemsDone: 1 } });

    const run = await waitForCompletedRun(suite.app, launched.id, 30_000);
    expect(run).toMatchObject({ status: 'completed', outcome: 'failed', reasonCode: 'run.queue_failure_bridge', attempt: 1 });
    expect(run.reconciliation).toMatchObject({
      source: 'failure_bridge',
      evidence: {
        kind: 'queue_error',
        attemptId: launched.currentAttemptId,
        errorClass: 'InvalidCounts',
        error: expect.stringContaining('counter name "itemsDone" must be snake_case'),
      },
    });
    const trail = await runTrail(suite.app.em(), run.id);
    expect(eventKinds(trail)).toEqual(['QUEUED', 'STARTED', 'RECONCILED', 'NOTIFICATION']);
    expect(auditActions(trail)).toEqual(['operation_run.queued', 'operation_run.reconciled']);
    expect(await testExecutions(suite.app, run.id)).toBe(1);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { OperationRunSchema } from '../../../../src/modules/operation-runs/entities/operation-run.js';
import { lockOwnedRun } from '../../../../src/modules/operation-runs/services/attempt-fence.js';
import type { OperationRunService } from '../../../../src/modules/operation-runs/services/operation-run-service.js';
import { runningRun, silenceAttempt } from '../../../support/run-steps.js';
import { eventKinds, runTrail } from '../../../support/run-trail.js';
import { createUnqueuedRun, type RunScope } from '../../../support/test-runs.js';
import { useApp } from '../../../support/use-app.js';

describe('attempts are fenced', () => {
  const suite = useApp({ env: { TENANTGRAPH_TEST_OPERATIONS: '1' } });
  let runs: OperationRunService;
  let scope: RunScope;

  beforeAll(async () => {
    runs = suite.app.runtime.runs;
    scope = { workspaceId: suite.world.workspaceA, tenantId: suite.world.tenantA1, initiatorId: suite.world.users.operatorA };
  });

  /** Every write an attempt can make, from the superseded one: each is refused with `reason` and the run's trail is unchanged. */
  async function expectEveryWriteRefused(runId: string, superseded: string, reason: string): Promise<void> {
    const before = await runTrail(suite.app.em(), runId);
    const refused = { applied: false, reason };
    expect(await runs.heartbeat(runId, superseded, { items: 4 })).toMatchObject(refused);
    expect(await runs.complete(runId, superseded, { outcome: 'succeeded' })).toMatchObject(refused);
    expect(await runs.finalizeBlocked(runId, superseded, 'test.precondition_unmet', 'late')).toMatchObject(refused);
    expect(await runs.failFromError(runId, superseded, new Error('late'))).toMatchObject(refused);
    expect(await runs.releaseForRetry(runId, superseded, new Error('late'), 0)).toMatchObject(refused);
    expect(await runs.bridgeFailedJob(runId, superseded, 'timeout', new Error('late'))).toMatchObject(refused);
    expect(await runs.start(runId, superseded)).toMatchObject({ kind: 'skipped', reason });
    expect(
      await runs.forceFailNonTerminal(
        runId,
        { reasonCode: 'run.stale_running', message: 'late', source: 'failure_bridge', evidence: {} },
        { attemptId: superseded },
      ),
    ).toMatchObject(refused);
    await expect(suite.app.orm.em.fork().transactional((em) => lockOwnedRun(em, { runId, attemptId: superseded }))).rejects.toMatchObject({
      name: 'AttemptNoLongerOwnsRun',
      reason,
    });
    expect(await runTrail(suite.app.em(), runId)).toEqual(before);
  }

  it('a superseded attempt is refused in every state of its run: retry waiting, retry running, completed', async () => {
    const { run, attemptId: superseded } = await runningRun(suite.app, scope);
    const released = await runs.releaseForRetry(run.id, superseded, new Error('transient'), 60_000);
    expect(released.applied).toBe(true);
    const current = released.run!.currentAttemptId!;
    expect(current).not.toBe(superseded);
    expect(await suite.app.runtime.queues.jobExists('test.noop', current)).toBe(true);

    await expectEveryWriteRefused(run.id, superseded, 'fenced');

    expect(await runs.start(run.id, current)).toMatchObject({ kind: 'started', run: { status: 'running', attempt: 2 } });
    await expectEveryWriteRefused(run.id, superseded, 'fenced');
    await suite.app.orm.em.fork().transactional((em) => lockOwnedRun(em, { runId: run.id, attemptId: current }));

    expect(await runs.complete(run.id, current, { outcome: 'succeeded' })).toMatchObject({ applied: true, run: { status: 'completed', outcome: 'succeeded' } });
    await expectEveryWriteRefused(run.id, superseded, 'completed');
    await expectEveryWriteRefused(run.id, current, 'completed');
  });

  it('a retried run records the failed attempt and stays running while its next attempt waits', async () => {
    const { run, attemptId } = await runningRun(suite.app, scope);
    await runs.releaseForRetry(run.id, attemptId, new Error('transient'), 60_000);
    const waiting = await suite.app.em().findOneOrFail(OperationRunSchema, run.id);
    expect(waiting).toMatchObject({ status: 'running', outcome: 'pending', attempt: 1, attemptStartedAt: null });
    expect(waiting.failureSummary).toEqual([{ code: 'run.attempt_failed', message: 'Attempt 1: transient' }]);
    expect(eventKinds(await runTrail(suite.app.em(), run.id))).toEqual(['QUEUED', 'STARTED', 'PROGRESS']);
  });

  it('attempt-scoped writes to a run whose attempt has not started are refused', async () => {
    const run = await createUnqueuedRun(suite.app, scope);
    const before = await runTrail(suite.app.em(), run.id);
    const notRunning = { applied: false, reason: 'not_running' };
    expect(await runs.heartbeat(run.id, run.currentAttemptId!)).toMatchObject(notRunning);
    expect(await runs.complete(run.id, run.currentAttemptId!, { outcome: 'succeeded' })).toMatchObject(notRunning);
    expect(await runTrail(suite.app.em(), run.id)).toEqual(before);
  });

  it('a redelivered attempt that had already begun fails the run instead of running twice, and the first worker’s late completion is refused', async () => {
    const { run, attemptId } = await runningRun(suite.app, scope);
    await silenceAttempt(suite.app, run.id);
    const redelivered = await runs.start(run.id, attemptId);
    expect(redelivered.kind).toBe('abandoned');
    const failed = await suite.app.em().findOneOrFail(OperationRunSchema, run.id);
    expect(failed).toMatchObject({ status: 'completed', outcome: 'failed', attempt: 1, reasonCode: 'run.infrastructure_timeout_or_abandonment' });
    expect(failed.reconciliation).toMatchObject({ source: 'failure_bridge', evidence: { kind: 'abandoned', attemptId } });
    const before = await runTrail(suite.app.em(), run.id);

    expect(await runs.complete(run.id, attemptId, { outcome: 'succeeded' })).toMatchObject({ applied: false, reason: 'completed' });
    expect(await runTrail(suite.app.em(), run.id)).toEqual(before);
    expect(eventKinds(before)).toEqual(['QUEUED', 'STARTED', 'RECONCILED', 'NOTIFICATION']);
  });

  it('a delivery of an attempt whose heartbeat is recent is dropped as a duplicate: the run keeps running and its worker completes it', async () => {
    const { run, attemptId } = await runningRun(suite.app, scope);
    const before = await runTrail(suite.app.em(), run.id);

    const duplicate = await runs.start(run.id, attemptId);

    expect(duplicate.kind).toBe('duplicate');
    expect(await runTrail(suite.app.em(), run.id)).toEqual(before);
    expect(await runs.complete(run.id, attemptId, { outcome: 'succeeded' })).toMatchObject({
      applied: true,
      run: { status: 'completed', outcome: 'succeeded' },
    });
  });

  it('two deliveries of one attempt that start in the same statement begin it once; the other is dropped as a duplicate', async () => {
    const run = await createUnqueuedRun(suite.app, scope);
    const attemptId = run.currentAttemptId!;

    const deliveries = await Promise.all([runs.start(run.id, attemptId), runs.start(run.id, attemptId)]);

    expect(deliveries.map((delivery) => delivery.kind).sort()).toEqual(['duplicate', 'started']);
    const trail = await runTrail(suite.app.em(), run.id);
    expect(eventKinds(trail)).toEqual(['QUEUED', 'STARTED']);
    expect(JSON.parse(trail.row)).toMatchObject({ status: 'running', attempt: 1 });
  });

  it('writes to a run that does not exist are refused as missing', async () => {
    const missing = '01900000-0000-7000-8000-000000000000';
    expect(await runs.heartbeat(missing, missing)).toEqual({ applied: false, reason: 'missing', run: null });
    expect(await runs.start(missing, missing)).toEqual({ kind: 'skipped', reason: 'missing', run: null });
    expect(await runs.bridgeFailedJob(missing, missing, 'timeout', new Error('x'))).toEqual({ applied: false, reason: 'missing', run: null });
  });
});

import { OperationRunSchema } from '../../../../src/modules/operation-runs/entities/operation-run.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OperationRunService } from '../../../../src/modules/operation-runs/services/operation-run-service.js';
import { runningRun } from '../../../support/run-steps.js';
import { runTrail } from '../../../support/run-trail.js';
import { lifecycleAhead } from '../../../support/shifted-lifecycle.js';
import type { RunScope } from '../../../support/test-runs.js';
import { useApp } from '../../../support/use-app.js';

type Finish = (runs: OperationRunService, runId: string, attemptId: string) => Promise<unknown>;

const WAYS_TO_COMPLETE: [string, Finish][] = [
  ['succeeded', (runs, runId, attemptId) => runs.complete(runId, attemptId, { outcome: 'succeeded', summaryCounts: { items: 3 } })],
  ['failed in its handler', (runs, runId, attemptId) => runs.failFromError(runId, attemptId, new Error('handler crashed'))],
  ['was blocked', (runs, runId, attemptId) => runs.finalizeBlocked(runId, attemptId, 'test.precondition_unmet', 'Precondition unmet.')],
  [
    'was reconciled',
    (runs, runId) =>
      runs.forceFailNonTerminal(runId, { reasonCode: 'run.stale_running', message: 'stale', source: 'scheduled_reconciler', evidence: { pass: 1 } }),
  ],
];

describe('a completed run is never mutated', () => {
  const suite = useApp({ env: { TENANTGRAPH_TEST_OPERATIONS: '1' } });
  let scope: RunScope;

  beforeAll(async () => {
    scope = { workspaceId: suite.world.workspaceA, tenantId: suite.world.tenantA1, initiatorId: suite.world.users.operatorA };
  });

  it.each(WAYS_TO_COMPLETE)('a run that %s refuses every later transition and keeps its row, events, audit and notifications', async (_how, finish) => {
    const { run, attemptId } = await runningRun(suite.app, scope);
    await finish(suite.app.runtime.runs, run.id, attemptId);
    const before = await runTrail(suite.app.em(), run.id);

    // A day later, when every staleness rule would apply to an active run.
    const later = lifecycleAhead(suite.app, 86_400).runs;
    const refused = { applied: false, reason: 'completed' };
    expect(await later.complete(run.id, attemptId, { outcome: 'failed', summaryCounts: { items: 9 } })).toMatchObject(refused);
    expect(await later.finalizeBlocked(run.id, attemptId, 'test.precondition_unmet', 'late')).toMatchObject(refused);
    expect(await later.failFromError(run.id, attemptId, new Error('late'))).toMatchObject(refused);
    expect(await later.heartbeat(run.id, attemptId, { items: 9 })).toMatchObject(refused);
    expect(await later.releaseForRetry(run.id, attemptId, new Error('late'), 0)).toMatchObject(refused);
    expect(await later.start(run.id, attemptId)).toMatchObject({ kind: 'skipped', reason: 'completed' });
    expect(
      await later.forceFailNonTerminal(run.id, { reasonCode: 'run.stale_queued', message: 'late', source: 'scheduled_reconciler', evidence: { pass: 2 } }),
    ).toMatchObject(refused);
    for (const kind of ['timeout', 'abandoned', 'queue_error'] as const) {
      expect(await later.bridgeFailedJob(run.id, attemptId, kind, new Error('late'))).toMatchObject(refused);
    }
    expect(await later.bridgeFailedJob(run.id, null, 'queue_error', new Error('late'))).toMatchObject(refused);
    expect(await later.signalLikelyStale(run.id)).toMatchObject(refused);

    expect(await runTrail(suite.app.em(), run.id)).toEqual(before);
  });

  it.each([
    ['status', `status = 'running'`],
    ['outcome', `outcome = 'succeeded'`],
    ['reason code', `reason_code = null`],
    ['completion time', `completed_at = now() + interval '1 day'`],
    ['summary counts', `summary_counts = '{"items": 99}'`],
    ['reconciliation evidence', `reconciled_at = now(), reconciliation = '{"source": "manual"}'`],
    ['current attempt', `current_attempt_id = gen_random_uuid()`],
    ['type', `type = 'baseline_capture'`],
    ['identity hash', `run_identity_hash = repeat('f', 64)`],
    ['queue job', `queue_job_id = 'another-job'`],
    ['heartbeat', `last_heartbeat_at = now()`],
    ['staleness signal', `likely_stale_signaled_at = now()`],
  ])('the database rejects a raw UPDATE of a completed run’s %s', async (_column, assignment) => {
    const { run, attemptId } = await runningRun(suite.app, scope);
    await suite.app.runtime.runs.failFromError(run.id, attemptId, new Error('handler crashed'));
    const before = await runTrail(suite.app.em(), run.id);
    await expect(suite.app.em().getConnection().execute(`update operation_runs set ${assignment} where id = ?`, [run.id])).rejects.toThrow(
      `operation run ${run.id} is completed; completed runs are immutable`,
    );
    expect(await runTrail(suite.app.em(), run.id)).toEqual(before);
  });

  it('the database still lets a completed run lose its initiator when that user is deleted', async () => {
    const { run, attemptId } = await runningRun(suite.app, scope);
    await suite.app.runtime.runs.failFromError(run.id, attemptId, new Error('handler crashed'));
    await suite.app.em().getConnection().execute('delete from users where id = ?', [scope.initiatorId]);
    expect(await suite.app.em().findOneOrFail(OperationRunSchema, run.id)).toMatchObject({ status: 'completed', initiator: null });
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../../src/platform/ids.js';
import { runIdentityHash } from '../../../../src/modules/operation-runs/domain/run-identity.js';
import { OperationRunSchema } from '../../../../src/modules/operation-runs/entities/operation-run.js';
import { AuditService } from '../../../../src/modules/workspaces/services/audit-service.js';
import { BeeQueueGateway } from '../../../../src/modules/operation-runs/jobs/queue-gateway.js';
import { OperationRunService } from '../../../../src/modules/operation-runs/services/operation-run-service.js';
import { runningRun } from '../../../support/run-steps.js';
import { auditActions, eventKinds, runTrail } from '../../../support/run-trail.js';
import { lifecycleAhead } from '../../../support/shifted-lifecycle.js';
import { freePort } from '../../../support/local-processes.js';
import { waitForCompletedRun, type RunScope } from '../../../support/test-runs.js';
import { useApp } from '../../../support/use-app.js';

describe('OperationRunService: creation and normal transitions', () => {
  const suite = useApp({ env: { TENANTGRAPH_TEST_OPERATIONS: '1' } });
  let runs: OperationRunService;
  let scope: RunScope;

  beforeAll(async () => {
    runs = suite.app.runtime.runs;
    scope = { workspaceId: suite.world.workspaceA, tenantId: suite.world.tenantA1, initiatorId: suite.world.users.operatorA };
  });

  const trail = (runId: string) => runTrail(suite.app.em(), runId);

  /** What `work` returned and how many statements writing run rows the API's ORM sent meanwhile. */
  async function statementsDuring<T>(work: () => Promise<T>): Promise<{ result: T; statements: number }> {
    const knex = suite.app.orm.em.getConnection().getKnex();
    let statements = 0;
    const count = (query: { sql: string }) => {
      if (/\b(insert into|update) operation_runs\b/.test(query.sql)) statements++;
    };
    knex.on('query', count);
    try {
      return { result: await work(), statements };
    } finally {
      knex.off('query', count);
    }
  }

  describe('idempotent creation', () => {
    it('a second create of the same identity returns the active run, whatever the key order of its inputs', async () => {
      const input = { ...scope, type: 'test.noop', identity: { profileId: newId(), options: { full: true, depth: 2 } } };
      const first = await runs.create(input);
      const second = await runs.create({
        ...input,
        initiatorId: suite.world.users.managerA,
        identity: { options: { depth: 2, full: true }, profileId: input.identity.profileId },
      });
      expect(first.created).toBe(true);
      expect(second.created).toBe(false);
      expect(second.run.id).toBe(first.run.id);
      expect(second.run.initiator).toBe(suite.world.users.operatorA);
      const recorded = await trail(first.run.id);
      expect(eventKinds(recorded)).toEqual(['QUEUED']);
      expect(auditActions(recorded)).toEqual(['operation_run.queued']);
    });

    it('twenty concurrent creates of one identity leave exactly one run', async () => {
      const identity = { profileId: newId() };
      const results = await Promise.all(Array.from({ length: 20 }, () => runs.create({ ...scope, type: 'test.noop', identity })));
      expect(new Set(results.map((result) => result.run.id)).size).toBe(1);
      expect(results.filter((result) => result.created)).toHaveLength(1);
      const hash = runIdentityHash({ type: 'test.noop', workspaceId: scope.workspaceId, tenantId: scope.tenantId!, inputs: identity });
      expect(await suite.app.em().count(OperationRunSchema, { runIdentityHash: hash })).toBe(1);
      expect(eventKinds(await trail(results[0]!.run.id))).toEqual(['QUEUED']);
    });

    it('once the active run has completed, the same identity creates a new run', async () => {
      const input = { ...scope, type: 'test.noop', identity: { profileId: newId() } };
      const first = await runs.create(input);
      await runs.start(first.run.id, first.run.currentAttemptId!);
      await runs.complete(first.run.id, first.run.currentAttemptId!, { outcome: 'succeeded' });
      const second = await runs.create(input);
      expect(second.created).toBe(true);
      expect(second.run.id).not.toBe(first.run.id);
      expect(second.run).toMatchObject({ status: 'queued', outcome: 'pending', runIdentityHash: first.run.runIdentityHash });
      expect(await suite.app.em().findOneOrFail(OperationRunSchema, first.run.id)).toMatchObject({ status: 'completed', outcome: 'succeeded' });
    });

    it('a new run is queued and pending, with an attempt waiting to be enqueued', async () => {
      const { run } = await runs.create({ ...scope, type: 'test.noop', identity: { profileId: newId() } });
      expect(run).toMatchObject({ status: 'queued', outcome: 'pending', attempt: 0, startedAt: null, completedAt: null, reconciledAt: null });
      expect(run.currentAttemptId).toEqual(expect.any(String));
    });
  });

  describe('normal lifecycle', () => {
    it('a run emits QUEUED, STARTED, PROGRESS only when its counts change, then COMPLETED', async () => {
      const { run, attemptId } = await runningRun(suite.app, { ...scope, initiatorId: null });
      await runs.heartbeat(run.id, attemptId, { items_done: 1 });
      await runs.heartbeat(run.id, attemptId, { items_done: 1 });
      await runs.heartbeat(run.id, attemptId);
      await runs.heartbeat(run.id, attemptId, { items_done: 2, items_total: 5 });
      await runs.complete(run.id, attemptId, { outcome: 'succeeded', summaryCounts: { items_done: 5 } });

      const recorded = await trail(run.id);
      expect(eventKinds(recorded)).toEqual(['QUEUED', 'STARTED', 'PROGRESS', 'PROGRESS', 'COMPLETED']);
      expect(recorded.events.map((event) => event.payload)).toEqual([
        { runType: 'test.noop', status: 'queued', attempt: 0 },
        { runType: 'test.noop', status: 'running', attempt: 1 },
        { runType: 'test.noop', summaryCounts: { items_done: 1 } },
        { runType: 'test.noop', summaryCounts: { items_done: 2, items_total: 5 } },
        { runType: 'test.noop', status: 'completed', outcome: 'succeeded', reasonCode: null },
      ]);
      const completed = await suite.app.em().findOneOrFail(OperationRunSchema, run.id);
      expect(completed).toMatchObject({
        status: 'completed',
        outcome: 'succeeded',
        attempt: 1,
        reasonCode: null,
        summaryCounts: { items_done: 5, items_total: 5 },
      });
      expect(completed.startedAt).toEqual(run.startedAt);
      expect(completed.completedAt!.getTime()).toBeGreaterThanOrEqual(completed.startedAt!.getTime());
    });

    it('concurrent transitions share one statement per kind, and each run still gets exactly its own events, audit records and notification', async () => {
      const outcomes = ['succeeded', 'failed', 'partially_succeeded'] as const;
      const batch = newId();
      const created = await statementsDuring(() =>
        Promise.all(Array.from({ length: 30 }, (_, index) => runs.create({ ...scope, type: 'test.noop', identity: { batch, index } }))),
      );
      const started = await statementsDuring(() => Promise.all(created.result.map(({ run }) => runs.start(run.id, run.currentAttemptId!))));
      const completed = await statementsDuring(() =>
        Promise.all(
          created.result.map(({ run }, index) =>
            runs.complete(run.id, run.currentAttemptId!, { outcome: outcomes[index % 3]!, summaryCounts: { items_done: index } }),
          ),
        ),
      );

      expect([created.statements, started.statements, completed.statements].every((count) => count <= 2)).toBe(true);
      expect(started.result.every((start) => start.kind === 'started')).toBe(true);
      for (const [index, { run }] of created.result.entries()) {
        const outcome = outcomes[index % 3]!;
        expect(completed.result[index]).toMatchObject({ applied: true, run: { id: run.id, outcome, summaryCounts: { items_done: index } } });
        const recorded = await trail(run.id);
        expect(eventKinds(recorded)).toEqual(['QUEUED', 'STARTED', 'COMPLETED', 'NOTIFICATION']);
        expect(recorded.events[2]!.payload).toMatchObject({ status: 'completed', outcome });
        expect(auditActions(recorded)).toEqual(['operation_run.queued', 'operation_run.completed']);
        expect(recorded.audits[0]!.metadata).toEqual({ type: 'test.noop', identity: { batch, index } });
        expect(recorded.notifications).toEqual([
          expect.objectContaining({ user: scope.initiatorId, tone: { succeeded: 'success', failed: 'danger', partially_succeeded: 'warning' }[outcome] }),
        ]);
      }
    });

    it('a heartbeat records liveness without writing an event', async () => {
      const { run, attemptId } = await runningRun(suite.app, scope);
      const later = lifecycleAhead(suite.app, 120);
      const result = await later.runs.heartbeat(run.id, attemptId);
      expect(result.applied).toBe(true);
      const beat = (await suite.app.em().findOneOrFail(OperationRunSchema, run.id)).lastHeartbeatAt!;
      expect(beat.getTime() - run.lastHeartbeatAt!.getTime()).toBeGreaterThanOrEqual(119_000);
      expect(eventKinds(await trail(run.id))).toEqual(['QUEUED', 'STARTED']);
    });

    it.each([
      ['a camelCase counter name', { itemsDone: 1 }, 'counter name "itemsDone" must be snake_case'],
      ['a non-numeric value', { items_done: '3' as unknown as number }, 'counter "items_done" must be a finite number'],
      ['a NaN value', { items_done: Number.NaN }, 'counter "items_done" must be a finite number'],
    ])('summary counts with %s are refused and leave the run unchanged', async (_what, counts, problem) => {
      const { run, attemptId } = await runningRun(suite.app, scope);
      await runs.heartbeat(run.id, attemptId, { items_done: 1 });
      const before = await trail(run.id);
      await expect(runs.heartbeat(run.id, attemptId, counts)).rejects.toThrow(`Invalid summary counts: ${problem}.`);
      await expect(runs.complete(run.id, attemptId, { outcome: 'succeeded', summaryCounts: counts })).rejects.toThrow(problem);
      expect(await trail(run.id)).toEqual(before);
    });
  });

  describe('enqueueing', () => {
    it('a launch that finds its identity queued without a job (its creator died before enqueueing) puts the job on the queue', async () => {
      const input = { ...scope, type: 'test.noop', identity: { profileId: newId() } };
      const committed = await runs.create(input);
      expect(await suite.app.runtime.queues.jobExists('test.noop', committed.run.currentAttemptId!)).toBe(false);

      const retried = await runs.launch(input);
      expect(retried).toMatchObject({ created: false, run: { id: committed.run.id, status: 'queued' } });
      expect(await suite.app.runtime.queues.jobExists('test.noop', committed.run.currentAttemptId!)).toBe(true);
      expect(eventKinds(await trail(committed.run.id))).toEqual(['QUEUED']);
    });

    it('a launch that finds its identity executing adds no job: the attempt was already picked up', async () => {
      const input = { ...scope, type: 'test.noop', identity: { profileId: newId() } };
      const created = await runs.create(input);
      await runs.start(created.run.id, created.run.currentAttemptId!);

      expect(await runs.launch(input)).toMatchObject({ created: false, run: { id: created.run.id, status: 'running' } });
      expect(await suite.app.runtime.queues.jobExists('test.noop', created.run.currentAttemptId!)).toBe(false);
    });

    /** A run service whose queue never answers (nothing listens on its port), retrying for one second. */
    async function serviceWithUnreachableQueue(work: (service: OperationRunService) => Promise<void>) {
      const unreachable = new BeeQueueGateway(`redis://127.0.0.1:${await freePort()}`, suite.app.config.redis.prefix, 200);
      const { runtime } = suite.app;
      const lifecycle = { ...suite.app.config.lifecycle, queueCheckGraceSeconds: 1 };
      const service = new OperationRunService({
        orm: suite.app.orm,
        lifecycle,
        queues: unreachable,
        outbox: runtime.outbox,
        metrics: runtime.metrics,
        reasons: runtime.reasons,
      });
      try {
        await work(service);
      } finally {
        service.close();
        await unreachable.close();
      }
    }

    it('a run whose job the queue does not take stays queued while it is retried, then fails through the failure bridge once the retry window has passed', async () => {
      await serviceWithUnreachableQueue(async (service) => {
        const { run, created } = await service.launch({ ...scope, type: 'test.noop', identity: { profileId: newId() } });
        expect(created).toBe(true);
        expect(run).toMatchObject({ status: 'queued', outcome: 'pending' });

        const failed = await waitForCompletedRun(suite.app, run.id);
        expect(failed).toMatchObject({ status: 'completed', outcome: 'failed', reasonCode: 'run.queue_failure_bridge' });
        expect(failed.reconciliation).toMatchObject({
          source: 'failure_bridge',
          evidence: {
            kind: 'queue_error',
            attemptId: run.currentAttemptId,
            errorClass: 'NoAnswerWithin',
            error: expect.stringContaining('no answer within 200 ms'),
          },
        });
        const recorded = await trail(run.id);
        expect(eventKinds(recorded)).toEqual(['QUEUED', 'RECONCILED', 'NOTIFICATION']);
        expect(auditActions(recorded)).toEqual(['operation_run.queued', 'operation_run.reconciled']);
      });
    });

    it('a run whose attempt began meanwhile (a try that timed out reached the queue after all) is not failed when the retries give up', async () => {
      await serviceWithUnreachableQueue(async (service) => {
        const { run } = await service.launch({ ...scope, type: 'test.noop', identity: { profileId: newId() } });
        await service.start(run.id, run.currentAttemptId!);
        const marker = await service.launch({ ...scope, type: 'test.noop', identity: { profileId: newId() } });

        expect(await waitForCompletedRun(suite.app, marker.run.id)).toMatchObject({ reasonCode: 'run.queue_failure_bridge' });
        expect(await suite.app.em().findOneOrFail(OperationRunSchema, run.id)).toMatchObject({ status: 'running', outcome: 'pending', reconciledAt: null });
      });
    });
  });

  describe('terminal hooks', () => {
    it('a terminal hook runs inside the transition and sees the run completed', async () => {
      const service = lifecycleAhead(suite.app, 0).runs;
      service.onTerminal('test.noop', async (em, run, emit) => {
        new AuditService(em).record({
          workspaceId: run.workspace,
          actorId: null,
          action: 'test.hook_ran',
          subjectType: 'operation_run',
          subjectId: run.id,
          metadata: { status: run.status, outcome: run.outcome },
        });
        emit(run, 'PROGRESS', { payload: { hook: true } });
      });
      const { run, attemptId } = await runningRun(suite.app, { ...scope, initiatorId: null });
      await service.complete(run.id, attemptId, { outcome: 'succeeded' });
      const recorded = await trail(run.id);
      expect(eventKinds(recorded)).toEqual(['QUEUED', 'STARTED', 'COMPLETED', 'PROGRESS']);
      expect(recorded.audits.find((audit) => audit.action === 'test.hook_ran')?.metadata).toEqual({ status: 'completed', outcome: 'succeeded' });
    });

    it.each([
      ['a normal completion', (service: OperationRunService, runId: string, attemptId: string) => service.complete(runId, attemptId, { outcome: 'succeeded' })],
      [
        'a forced failure',
        (service: OperationRunService, runId: string) =>
          service.forceFailNonTerminal(runId, { reasonCode: 'run.stale_running', message: 'stale', source: 'scheduled_reconciler', evidence: {} }),
      ],
    ])('a terminal hook that throws rolls %s back entirely', async (_what, finish) => {
      const service = lifecycleAhead(suite.app, 0).runs;
      service.onTerminal('test.noop', async (em, run, emit) => {
        new AuditService(em).record({ workspaceId: run.workspace, actorId: null, action: 'test.hook_ran', subjectType: 'operation_run', subjectId: run.id });
        emit(run, 'PROGRESS', { payload: { hook: true } });
        throw new Error('hook failed');
      });
      const { run, attemptId } = await runningRun(suite.app, scope);
      const before = await trail(run.id);
      await expect(finish(service, run.id, attemptId)).rejects.toThrow('hook failed');
      expect(await trail(run.id)).toEqual(before);
      expect(await runs.complete(run.id, attemptId, { outcome: 'succeeded' })).toMatchObject({ applied: true });
    });
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { assessFreshness } from '../../../../src/modules/operation-runs/domain/freshness.js';
import { REASONS } from '../../../../src/app/reasons.js';
import type { TerminalOutcome } from '../../../../src/modules/operation-runs/domain/run-states.js';
import { OperationRunSchema, type OperationRun } from '../../../../src/modules/operation-runs/entities/operation-run.js';
import { policyFor } from '../../../../src/modules/operation-runs/services/lifecycle-config.js';
import type { ForceFailInput, OperationRunService } from '../../../../src/modules/operation-runs/services/operation-run-service.js';
import { runningRun, silenceAttempt } from '../../../support/run-steps.js';
import { auditActions, eventKinds, runTrail } from '../../../support/run-trail.js';
import { lifecycleAhead } from '../../../support/shifted-lifecycle.js';
import { createUnqueuedRun } from '../../../support/test-runs.js';
import { useApp } from '../../../support/use-app.js';

/** Raw exception text: it may reach diagnostics, never a notification. */
const RAW_ERROR = 'ECONNRESET at socket 10.0.0.7:5432';

const STALE_RUNNING: ForceFailInput = { reasonCode: 'run.stale_running', message: 'stale', source: 'scheduled_reconciler', evidence: { pass: 1 } };

interface TerminalPath {
  name: string;
  /** Whether the path ends a run that is still queued rather than one that started. */
  fromQueued?: boolean;
  /** Whether the attempt's worker died first (its heartbeat went silent). */
  workerDied?: boolean;
  finish: (runs: OperationRunService, runId: string, attemptId: string) => Promise<unknown>;
  outcome: TerminalOutcome;
  reasonCode: string | null;
  reconciled: boolean;
  title: string;
  tone: string;
}

const PATHS: TerminalPath[] = [
  {
    name: 'normal success',
    finish: (runs, id, attempt) => runs.complete(id, attempt, { outcome: 'succeeded' }),
    outcome: 'succeeded',
    reasonCode: null,
    reconciled: false,
    title: 'Diagnostic run completed',
    tone: 'success',
  },
  {
    name: 'partial success',
    finish: (runs, id, attempt) => runs.complete(id, attempt, { outcome: 'partially_succeeded', failures: [{ code: 'item.failed', message: RAW_ERROR }] }),
    outcome: 'partially_succeeded',
    reasonCode: null,
    reconciled: false,
    title: 'Diagnostic run partially succeeded',
    tone: 'warning',
  },
  {
    name: 'completion as failed',
    finish: (runs, id, attempt) => runs.complete(id, attempt, { outcome: 'failed', failures: [{ code: 'item.failed', message: RAW_ERROR }] }),
    outcome: 'failed',
    reasonCode: 'run.execution_failed',
    reconciled: false,
    title: 'Diagnostic run failed',
    tone: 'danger',
  },
  {
    name: 'blocked',
    finish: (runs, id, attempt) => runs.finalizeBlocked(id, attempt, 'test.precondition_unmet', RAW_ERROR),
    outcome: 'blocked',
    reasonCode: 'test.precondition_unmet',
    reconciled: false,
    title: 'Diagnostic run was blocked',
    tone: 'warning',
  },
  {
    name: 'handler error',
    finish: (runs, id, attempt) => runs.failFromError(id, attempt, new Error(RAW_ERROR)),
    outcome: 'failed',
    reasonCode: 'run.execution_failed',
    reconciled: false,
    title: 'Diagnostic run failed',
    tone: 'danger',
  },
  {
    name: 'forced failure of a queued run',
    fromQueued: true,
    finish: (runs, id) => runs.forceFailNonTerminal(id, { ...STALE_RUNNING, reasonCode: 'run.stale_queued' }),
    outcome: 'failed',
    reasonCode: 'run.stale_queued',
    reconciled: true,
    title: 'Diagnostic run was automatically reconciled',
    tone: 'danger',
  },
  {
    name: 'forced failure of a running run',
    finish: (runs, id) => runs.forceFailNonTerminal(id, STALE_RUNNING),
    outcome: 'failed',
    reasonCode: 'run.stale_running',
    reconciled: true,
    title: 'Diagnostic run was automatically reconciled',
    tone: 'danger',
  },
  {
    name: 'job timeout bridge',
    finish: (runs, id, attempt) => runs.bridgeFailedJob(id, attempt, 'timeout', new Error(RAW_ERROR)),
    outcome: 'failed',
    reasonCode: 'run.infrastructure_timeout_or_abandonment',
    reconciled: true,
    title: 'Diagnostic run was automatically reconciled',
    tone: 'danger',
  },
  {
    name: 'queue error bridge of a queued run',
    fromQueued: true,
    finish: (runs, id, attempt) => runs.bridgeFailedJob(id, attempt, 'queue_error', new Error(RAW_ERROR)),
    outcome: 'failed',
    reasonCode: 'run.queue_failure_bridge',
    reconciled: true,
    title: 'Diagnostic run was automatically reconciled',
    tone: 'danger',
  },
  {
    name: 'redelivery of an attempt that had begun',
    workerDied: true,
    finish: (runs, id, attempt) => runs.start(id, attempt),
    outcome: 'failed',
    reasonCode: 'run.infrastructure_timeout_or_abandonment',
    reconciled: true,
    title: 'Diagnostic run was automatically reconciled',
    tone: 'danger',
  },
];

const CASES = PATHS.flatMap((path) => [
  { ...path, who: 'initiated' as const },
  { ...path, who: 'system' as const },
]);

describe('terminal effects', () => {
  const suite = useApp({ env: { TENANTGRAPH_TEST_OPERATIONS: '1' } });
  let runs: OperationRunService;

  beforeAll(async () => {
    runs = suite.app.runtime.runs;
  });

  async function startRun(fromQueued: boolean, initiatorId: string | null): Promise<{ run: OperationRun; attemptId: string }> {
    const scope = { workspaceId: suite.world.workspaceA, tenantId: suite.world.tenantA1, initiatorId };
    if (!fromQueued) return runningRun(suite.app, scope);
    const run = await createUnqueuedRun(suite.app, scope);
    return { run, attemptId: run.currentAttemptId! };
  }

  it.each(CASES)('$name of an $who run writes exactly one audit record and a notification only when initiated', async (path) => {
    const initiator = path.who === 'initiated' ? suite.world.users.operatorA : null;
    const { run, attemptId } = await startRun(path.fromQueued ?? false, initiator);
    if (path.workerDied) await silenceAttempt(suite.app, run.id);
    await path.finish(runs, run.id, attemptId);

    const completed = await suite.app.em().findOneOrFail(OperationRunSchema, run.id);
    expect(completed).toMatchObject({ status: 'completed', outcome: path.outcome, reasonCode: path.reasonCode });
    expect(completed.reconciledAt !== null).toBe(path.reconciled);

    const trail = await runTrail(suite.app.em(), run.id);
    const terminalEvent = path.reconciled ? 'RECONCILED' : 'COMPLETED';
    expect(eventKinds(trail).filter((kind) => kind === 'COMPLETED' || kind === 'RECONCILED')).toEqual([terminalEvent]);

    const terminalAction = path.reconciled ? 'operation_run.reconciled' : 'operation_run.completed';
    expect(auditActions(trail)).toEqual(['operation_run.queued', terminalAction]);
    expect(trail.audits[1]).toMatchObject({
      actorType: 'system',
      tenant: suite.world.tenantA1,
      metadata: { type: 'test.noop', outcome: path.outcome, reasonCode: path.reasonCode },
    });
    if (path.reconciled)
      expect(trail.audits[1]!.metadata.reconciliation).toMatchObject({ reasonCode: path.reasonCode, reconciledAt: completed.reconciledAt!.toISOString() });

    const notificationEvents = trail.events.filter((event) => event.kind === 'NOTIFICATION');
    if (path.who === 'system') {
      expect(trail.notifications).toEqual([]);
      expect(notificationEvents).toEqual([]);
      return;
    }
    expect(trail.notifications).toEqual([
      { user: suite.world.users.operatorA, kind: 'run_terminal', title: path.title, tone: path.tone, body: expect.any(String) },
    ]);
    expect(notificationEvents.map((event) => event.recipient)).toEqual([suite.world.users.operatorA]);
    expect(eventKinds(trail).at(-1)).toBe('NOTIFICATION');
    const body = trail.notifications[0]!.body;
    expect(body).not.toContain(RAW_ERROR);
    if (path.reasonCode) expect(body).toBe(`${REASONS.describe(path.reasonCode).label}. ${REASONS.describe(path.reasonCode).nextStep}`);
  });

  it('forcing failure twice applies once: the second call is refused and adds nothing', async () => {
    const { run } = await runningRun(suite.app, {
      workspaceId: suite.world.workspaceA,
      tenantId: suite.world.tenantA1,
      initiatorId: suite.world.users.operatorA,
    });
    expect(await runs.forceFailNonTerminal(run.id, STALE_RUNNING)).toMatchObject({ applied: true });
    const first = await runTrail(suite.app.em(), run.id);
    const second = await runs.forceFailNonTerminal(run.id, { ...STALE_RUNNING, reasonCode: 'run.stale_queued', evidence: { pass: 2 } });
    expect(second).toMatchObject({ applied: false, reason: 'completed', run: { reasonCode: 'run.stale_running' } });
    expect(await runTrail(suite.app.em(), run.id)).toEqual(first);
    expect(auditActions(first).filter((action) => action === 'operation_run.reconciled')).toHaveLength(1);
    expect(first.notifications).toHaveLength(1);
  });

  it('concurrent forced failures of one run apply exactly once', async () => {
    const { run } = await runningRun(suite.app, {
      workspaceId: suite.world.workspaceA,
      tenantId: suite.world.tenantA1,
      initiatorId: suite.world.users.operatorA,
    });
    const results = await Promise.all(Array.from({ length: 5 }, (_, pass) => runs.forceFailNonTerminal(run.id, { ...STALE_RUNNING, evidence: { pass } })));
    expect(results.filter((result) => result.applied)).toHaveLength(1);
    const trail = await runTrail(suite.app.em(), run.id);
    expect(eventKinds(trail).filter((kind) => kind === 'RECONCILED')).toHaveLength(1);
    expect(auditActions(trail).filter((action) => action === 'operation_run.reconciled')).toHaveLength(1);
    expect(trail.notifications).toHaveLength(1);
  });

  it('a heartbeat that lands before the lock wins over a stale verdict taken earlier', async () => {
    const policy = policyFor(suite.app.config.lifecycle, 'test.noop')!;
    const later = lifecycleAhead(suite.app, policy.runningStaleAfterSeconds + 60);
    const stillStale = (locked: OperationRun, now: Date) => assessFreshness(locked, policy, now).state === 'likely_stale';
    const scope = { workspaceId: suite.world.workspaceA, tenantId: suite.world.tenantA1, initiatorId: suite.world.users.operatorA };

    const control = await runningRun(suite.app, scope);
    expect(await later.runs.forceFailNonTerminal(control.run.id, STALE_RUNNING, { stillApplies: stillStale })).toMatchObject({ applied: true });

    const { run, attemptId } = await runningRun(suite.app, scope);
    expect(assessFreshness(run, policy, later.now()).state).toBe('likely_stale');
    await later.runs.heartbeat(run.id, attemptId);
    const before = await runTrail(suite.app.em(), run.id);
    let seen: OperationRun | undefined;
    const result = await later.runs.forceFailNonTerminal(run.id, STALE_RUNNING, {
      stillApplies: (locked, now) => {
        seen = locked;
        return stillStale(locked, now);
      },
    });
    expect(result).toMatchObject({ applied: false, reason: 'changed', run: { status: 'running' } });
    expect(seen!.lastHeartbeatAt!.getTime()).toBeGreaterThan(run.lastHeartbeatAt!.getTime());
    expect(await runTrail(suite.app.em(), run.id)).toEqual(before);
  });
});

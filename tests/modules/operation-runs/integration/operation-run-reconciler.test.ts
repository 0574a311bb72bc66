import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assessFreshness } from '../../../../src/modules/operation-runs/domain/freshness.js';
import type { LifecyclePolicy } from '../../../../src/modules/operation-runs/domain/lifecycle-policy.js';
import { REASONS } from '../../../../src/app/reasons.js';
import { freshnessLabel, presentOutcome, presentStatus } from '../../../../src/modules/operation-runs/domain/run-presentation.js';
import { OperationRunSchema } from '../../../../src/modules/operation-runs/entities/operation-run.js';
import { policyFor } from '../../../../src/modules/operation-runs/services/lifecycle-config.js';
import type { ReconcileOptions } from '../../../../src/modules/operation-runs/services/operation-run-reconciler.js';
import { OperationRunService } from '../../../../src/modules/operation-runs/services/operation-run-service.js';
import { databaseFingerprint } from '../../../support/database-fingerprint.js';
import { runningRun } from '../../../support/run-steps.js';
import { auditActions, eventKinds, runTrail } from '../../../support/run-trail.js';
import { lifecycleAhead } from '../../../support/shifted-lifecycle.js';
import { createUnqueuedRun, launchTestRun, startAttempt, type RunScope } from '../../../support/test-runs.js';
import { useApp } from '../../../support/use-app.js';
import { createWorld, type World } from '../../../support/world.js';

const DAY = 86_400;

describe('OperationRunReconciler (spec 160 FR-160-024)', () => {
  // inventory_sync opts out of scheduled reconciliation here (it keeps its direct failure bridge).
  const suite = useApp({ world: false, env: { TENANTGRAPH_TEST_OPERATIONS: '1', LIFECYCLE_INVENTORY_SYNC_SCHEDULED_RECONCILIATION: 'false' } });
  let world: World;
  let policy: LifecyclePolicy;
  let scope: RunScope;

  beforeAll(async () => {
    policy = policyFor(suite.app.config.lifecycle, 'test.noop')!;
  });

  // Every test works in workspaces of its own, so runs left active by other tests never interfere.
  beforeEach(async () => {
    world = await createWorld(suite.app.em());
    scope = { workspaceId: world.workspaceA, tenantId: world.tenantA1, initiatorId: world.users.operatorA };
  });

  const load = (id: string) => suite.app.em().findOneOrFail(OperationRunSchema, id);
  const reconcileAt = (aheadSeconds: number, options: ReconcileOptions = {}) =>
    lifecycleAhead(suite.app, aheadSeconds).reconciler.reconcile({ workspaceIds: [world.workspaceA], ...options });

  it('a queued run past its queued-stale threshold is reconciled to completed/failed as run.stale_queued, with evidence', async () => {
    const run = await createUnqueuedRun(suite.app, scope);
    const report = await reconcileAt(policy.queuedStaleAfterSeconds + 1, { trigger: 'cli' });

    expect(report).toEqual({
      inspected: 1,
      reconciled: 1,
      skipped: 0,
      changes: [
        {
          runId: run.id,
          type: 'test.noop',
          tenantId: world.tenantA1,
          reasonCode: 'run.stale_queued',
          applied: true,
          before: { status: 'queued', outcome: 'pending', freshness: 'likely_stale' },
          after: { status: 'completed', outcome: 'failed', freshness: 'reconciled_failed' },
        },
      ],
    });
    const reconciled = await load(run.id);
    expect(reconciled).toMatchObject({ status: 'completed', outcome: 'failed', reasonCode: 'run.stale_queued' });
    expect(reconciled.reconciliation).toEqual({
      reconciledAt: reconciled.reconciledAt!.toISOString(),
      reasonCode: 'run.stale_queued',
      message: REASONS.describe('run.stale_queued').explanation,
      source: 'scheduled_reconciler',
      evidence: {
        evaluatedAt: expect.any(String),
        status: 'queued',
        thresholdSeconds: policy.queuedStaleAfterSeconds,
        referenceTime: run.createdAt.toISOString(),
        staleAt: new Date(run.createdAt.getTime() + policy.queuedStaleAfterSeconds * 1000).toISOString(),
        attempt: 0,
        lastHeartbeatAt: null,
        trigger: 'cli',
      },
    });
    const trail = await runTrail(suite.app.em(), run.id);
    expect(eventKinds(trail)).toEqual(['QUEUED', 'LIKELY_STALE', 'RECONCILED', 'NOTIFICATION']);
    expect(auditActions(trail)).toEqual(['operation_run.queued', 'operation_run.reconciled']);
    expect(trail.notifications).toEqual([
      {
        user: world.users.operatorA,
        kind: 'run_terminal',
        title: 'Diagnostic run was automatically reconciled',
        body: 'Run never started. Review worker health and logs before retrying this operation.',
        tone: 'danger',
      },
    ]);
  });

  it('a running run is judged from its last heartbeat: past the running-stale threshold it is reconciled as run.stale_running', async () => {
    const silent = await runningRun(suite.app, scope);
    const reporting = await runningRun(suite.app, scope);
    await lifecycleAhead(suite.app, policy.runningStaleAfterSeconds).runs.heartbeat(reporting.run.id, reporting.attemptId);

    // The heartbeating run is healthy: it is not even a candidate, so it never blocks a stale one.
    const report = await reconcileAt(policy.runningStaleAfterSeconds + 1);
    expect(report).toMatchObject({ inspected: 1, reconciled: 1, skipped: 0 });
    expect(report.changes.map((change) => [change.runId, change.reasonCode])).toEqual([[silent.run.id, 'run.stale_running']]);

    const reconciled = await load(silent.run.id);
    expect(reconciled).toMatchObject({ status: 'completed', outcome: 'failed', reasonCode: 'run.stale_running' });
    expect(reconciled.reconciliation!.evidence).toMatchObject({
      status: 'running',
      thresholdSeconds: policy.runningStaleAfterSeconds,
      referenceTime: silent.run.lastHeartbeatAt!.toISOString(),
      lastHeartbeatAt: silent.run.lastHeartbeatAt!.toISOString(),
      staleAt: new Date(silent.run.lastHeartbeatAt!.getTime() + policy.runningStaleAfterSeconds * 1000).toISOString(),
      attempt: 1,
      trigger: 'schedule',
    });
    expect(await load(reporting.run.id)).toMatchObject({ status: 'running', outcome: 'pending', reconciledAt: null });
  });

  it('a backlog of older healthy running runs never keeps a stale run out of a limited batch', async () => {
    const healthy = [];
    for (let n = 0; n < 3; n++) healthy.push(await runningRun(suite.app, scope));
    const silent = await runningRun(suite.app, scope);
    const later = lifecycleAhead(suite.app, policy.runningStaleAfterSeconds);
    for (const run of healthy) await later.runs.heartbeat(run.run.id, run.attemptId);

    const report = await reconcileAt(policy.runningStaleAfterSeconds + 1, { limit: 2 });
    expect(report.changes.map((change) => change.runId)).toEqual([silent.run.id]);
    expect(await load(silent.run.id)).toMatchObject({ status: 'completed', reasonCode: 'run.stale_running' });
  });

  it('reconciling twice changes nothing the second time', async () => {
    const queued = await createUnqueuedRun(suite.app, scope);
    const running = await runningRun(suite.app, scope);
    expect((await reconcileAt(DAY)).reconciled).toBe(2);
    const afterFirst = await databaseFingerprint(suite.app.em());

    expect(await reconcileAt(DAY + 60)).toEqual({ inspected: 0, reconciled: 0, skipped: 0, changes: [] });
    expect(await databaseFingerprint(suite.app.em())).toEqual(afterFirst);
    for (const id of [queued.id, running.run.id]) {
      const trail = await runTrail(suite.app.em(), id);
      expect(eventKinds(trail).filter((kind) => kind === 'RECONCILED')).toHaveLength(1);
      expect(auditActions(trail).filter((action) => action === 'operation_run.reconciled')).toHaveLength(1);
    }
  });

  it('fresh queued and running runs are left untouched (a fresh queued run is only checked against the queue)', async () => {
    const running = await runningRun(suite.app, scope);
    await launchTestRun(suite.app, scope);
    const justBefore = Math.min(policy.queuedStaleAfterSeconds, policy.runningStaleAfterSeconds) - 30;
    await lifecycleAhead(suite.app, justBefore).runs.heartbeat(running.run.id, running.attemptId);
    const before = await databaseFingerprint(suite.app.em());

    expect(await reconcileAt(justBefore)).toEqual({ inspected: 1, reconciled: 0, skipped: 1, changes: [] });
    expect(await databaseFingerprint(suite.app.em())).toEqual(before);
  });

  it('Run 126: a run left running with no completion reads as Running, then Likely stale, then ends as Reconciled failed', async () => {
    const orphan = await startAttempt(suite.app, await launchTestRun(suite.app, scope));

    const beforeThreshold = lifecycleAhead(suite.app, policy.runningStaleAfterSeconds - 30);
    expect(presentStatus(orphan.status, assessFreshness(orphan, policy, beforeThreshold.now()).state).label).toBe('Running');
    expect((await beforeThreshold.reconciler.reconcile({ workspaceIds: [world.workspaceA] })).reconciled).toBe(0);
    expect(await load(orphan.id)).toMatchObject({ status: 'running' });

    const pastThreshold = lifecycleAhead(suite.app, policy.runningStaleAfterSeconds + 1);
    expect(presentStatus(orphan.status, assessFreshness(orphan, policy, pastThreshold.now()).state).label).toBe('Likely stale');
    expect((await pastThreshold.reconciler.reconcile({ workspaceIds: [world.workspaceA] })).reconciled).toBe(1);

    const healed = await load(orphan.id);
    const freshness = assessFreshness(healed, policy, pastThreshold.now()).state;
    expect(healed).toMatchObject({ status: 'completed', outcome: 'failed', reasonCode: 'run.stale_running' });
    expect(freshness).toBe('reconciled_failed');
    expect(presentStatus(healed.status, freshness).label).toBe('Completed');
    expect(presentOutcome(healed.outcome, freshness).label).toBe('Reconciled failed');
    expect(freshnessLabel(freshness)).toBe('Automatically reconciled');
  });

  it('a normally failed run keeps its own reason: the reconciler never inspects it', async () => {
    const failed = await runningRun(suite.app, scope);
    await suite.app.runtime.runs.failFromError(failed.run.id, failed.attemptId, new Error('handler crashed'));
    const stale = await runningRun(suite.app, scope);
    const before = await runTrail(suite.app.em(), failed.run.id);

    const report = await reconcileAt(DAY);
    expect(report).toMatchObject({ inspected: 1, reconciled: 1 });
    expect(report.changes.map((change) => change.runId)).toEqual([stale.run.id]);
    expect(await runTrail(suite.app.em(), failed.run.id)).toEqual(before);
    const normal = await load(failed.run.id);
    expect(normal).toMatchObject({ outcome: 'failed', reasonCode: 'run.execution_failed', reconciledAt: null });
    expect(presentOutcome(normal.outcome, assessFreshness(normal, policy, new Date()).state).label).toBe('Failed');
  });

  it('a run that completes normally between the reconciler’s read and its lock keeps its normal outcome', async () => {
    const { run, attemptId } = await runningRun(suite.app, scope);
    const racing = lifecycleAhead(
      suite.app,
      DAY,
      class CompletesFirst extends OperationRunService {
        override async signalLikelyStale(runId: string) {
          await this.complete(runId, attemptId, { outcome: 'succeeded' });
          return super.signalLikelyStale(runId);
        }
      },
    );
    const report = await racing.reconciler.reconcile({ workspaceIds: [world.workspaceA] });
    expect(report).toEqual({ inspected: 1, reconciled: 0, skipped: 1, changes: [] });
    expect(await load(run.id)).toMatchObject({ status: 'completed', outcome: 'succeeded', reasonCode: null, reconciledAt: null });
    const trail = await runTrail(suite.app.em(), run.id);
    expect(eventKinds(trail)).toEqual(['QUEUED', 'STARTED', 'COMPLETED', 'NOTIFICATION']);
    expect(auditActions(trail)).toEqual(['operation_run.queued', 'operation_run.completed']);
  });

  it('a heartbeat that lands between the reconciler’s read and its lock keeps the run running', async () => {
    const { run, attemptId } = await runningRun(suite.app, scope);
    const racing = lifecycleAhead(
      suite.app,
      policy.runningStaleAfterSeconds + 1,
      class HeartbeatLandsFirst extends OperationRunService {
        override async signalLikelyStale(runId: string) {
          await this.heartbeat(runId, attemptId);
          return super.signalLikelyStale(runId);
        }
      },
    );
    const report = await racing.reconciler.reconcile({ workspaceIds: [world.workspaceA] });
    expect(report).toEqual({ inspected: 1, reconciled: 0, skipped: 1, changes: [] });
    expect(await load(run.id)).toMatchObject({ status: 'running', reconciledAt: null, likelyStaleSignaledAt: null });
    expect(eventKinds(await runTrail(suite.app.em(), run.id))).toEqual(['QUEUED', 'STARTED']);
  });

  it('a run that cannot be reconciled does not stop the pass: the runs after it are still reconciled', async () => {
    const poisoned = await createUnqueuedRun(suite.app, scope);
    const healthy = await createUnqueuedRun(suite.app, scope);
    const later = lifecycleAhead(suite.app, DAY);
    later.runs.onTerminal('test.noop', async (_em, run) => {
      if (run.id === poisoned.id) throw new Error('terminal hook failed');
    });

    const report = await later.reconciler.reconcile({ workspaceIds: [world.workspaceA] });
    expect(report).toMatchObject({ inspected: 2, reconciled: 1, skipped: 1 });
    expect(report.changes.map((change) => change.runId)).toEqual([healthy.id]);
    expect(await load(poisoned.id)).toMatchObject({ status: 'queued', reconciledAt: null });
    expect(await load(healthy.id)).toMatchObject({ status: 'completed', reasonCode: 'run.stale_queued' });
  });

  it('a workspace-level run and a run without initiator both converge; only the initiated one notifies', async () => {
    const workspaceLevel = await runningRun(suite.app, { ...scope, tenantId: null });
    const system = await createUnqueuedRun(suite.app, { ...scope, initiatorId: null });
    expect((await reconcileAt(DAY)).reconciled).toBe(2);

    const workspaceTrail = await runTrail(suite.app.em(), workspaceLevel.run.id);
    expect(await load(workspaceLevel.run.id)).toMatchObject({ status: 'completed', outcome: 'failed', tenant: null, reasonCode: 'run.stale_running' });
    expect(workspaceTrail.audits.at(-1)).toMatchObject({ action: 'operation_run.reconciled', tenant: null, actorType: 'system' });
    expect(workspaceTrail.notifications).toHaveLength(1);

    const systemTrail = await runTrail(suite.app.em(), system.id);
    expect(await load(system.id)).toMatchObject({ status: 'completed', outcome: 'failed', reasonCode: 'run.stale_queued' });
    expect(systemTrail.audits.at(-1)).toMatchObject({ action: 'operation_run.reconciled', actorType: 'system' });
    expect(systemTrail.notifications).toEqual([]);
    expect(eventKinds(systemTrail)).toEqual(['QUEUED', 'LIKELY_STALE', 'RECONCILED']);
  });

  it('a dry run reports what it would reconcile and changes nothing', async () => {
    const queued = await createUnqueuedRun(suite.app, scope);
    const running = await runningRun(suite.app, scope);
    const before = await databaseFingerprint(suite.app.em());

    const report = await reconcileAt(DAY, { dryRun: true });
    expect(report).toMatchObject({ inspected: 2, reconciled: 0, skipped: 0 });
    expect(report.changes).toEqual([
      expect.objectContaining({
        runId: queued.id,
        reasonCode: 'run.stale_queued',
        applied: false,
        before: { status: 'queued', outcome: 'pending', freshness: 'likely_stale' },
      }),
      expect.objectContaining({
        runId: running.run.id,
        reasonCode: 'run.stale_running',
        applied: false,
        before: { status: 'running', outcome: 'pending', freshness: 'likely_stale' },
      }),
    ]);
    expect(await databaseFingerprint(suite.app.em())).toEqual(before);

    const applied = await reconcileAt(DAY);
    expect(applied.changes.map((change) => [change.runId, change.applied])).toEqual([
      [queued.id, true],
      [running.run.id, true],
    ]);
  });

  it('the type filter reconciles only covered types it names; a type without scheduled reconciliation is never touched', async () => {
    const noop = await createUnqueuedRun(suite.app, scope);
    const capture = await createUnqueuedRun(suite.app, scope, 'baseline_capture');
    const inventory = await createUnqueuedRun(suite.app, scope, 'inventory_sync');

    expect(await reconcileAt(DAY, { types: ['unknown_type'] })).toEqual({ inspected: 0, reconciled: 0, skipped: 0, changes: [] });
    expect(await reconcileAt(DAY, { types: ['inventory_sync'] })).toEqual({ inspected: 0, reconciled: 0, skipped: 0, changes: [] });
    expect((await reconcileAt(DAY, { types: ['baseline_capture'] })).changes.map((change) => change.runId)).toEqual([capture.id]);
    expect((await reconcileAt(DAY)).changes.map((change) => change.runId)).toEqual([noop.id]);
    expect(await load(inventory.id)).toMatchObject({ status: 'queued' });
  });

  it('the tenant, visible-tenant and workspace filters reconcile only runs in their scope', async () => {
    const onA1 = await createUnqueuedRun(suite.app, scope);
    const onA2 = await createUnqueuedRun(suite.app, { ...scope, tenantId: world.tenantA2 });
    const workspaceLevel = await createUnqueuedRun(suite.app, { ...scope, tenantId: null });
    const inB = await createUnqueuedRun(suite.app, { workspaceId: world.workspaceB, tenantId: world.tenantB1 });
    const changed = async (options: ReconcileOptions) => (await reconcileAt(DAY, options)).changes.map((change) => change.runId);

    expect(await changed({ tenantIds: [world.tenantA2] })).toEqual([onA2.id]);
    expect(await changed({ visibleTenantIds: [world.tenantA1] })).toEqual([onA1.id, workspaceLevel.id]);
    expect(await changed({ workspaceIds: [world.workspaceB] })).toEqual([inB.id]);
  });

  it('the limit reconciles the oldest runs first and leaves the rest for the next pass', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createUnqueuedRun(suite.app, scope)).id);

    const first = await reconcileAt(DAY, { limit: 2 });
    expect(first).toMatchObject({ inspected: 2, reconciled: 2 });
    expect(first.changes.map((change) => change.runId)).toEqual(ids.slice(0, 2));
    expect(await load(ids[2]!)).toMatchObject({ status: 'queued' });
    expect((await reconcileAt(DAY, { limit: 2 })).changes.map((change) => change.runId)).toEqual([ids[2]]);
  });

  it('LIKELY_STALE is emitted once per run, before RECONCILED', async () => {
    const { run } = await runningRun(suite.app, scope);
    const later = lifecycleAhead(suite.app, policy.runningStaleAfterSeconds + 1);
    expect(await later.runs.signalLikelyStale(run.id)).toMatchObject({ applied: true });
    expect(await later.runs.signalLikelyStale(run.id)).toMatchObject({ applied: false });
    await later.reconciler.reconcile({ workspaceIds: [world.workspaceA] });

    const trail = await runTrail(suite.app.em(), run.id);
    expect(eventKinds(trail)).toEqual(['QUEUED', 'STARTED', 'LIKELY_STALE', 'RECONCILED', 'NOTIFICATION']);
    const staleEvent = trail.events[2]!;
    expect(staleEvent.payload).toEqual({
      runType: 'test.noop',
      status: 'running',
      thresholdSeconds: policy.runningStaleAfterSeconds,
      staleAt: new Date(run.lastHeartbeatAt!.getTime() + policy.runningStaleAfterSeconds * 1000).toISOString(),
    });
  });

  it('a fresh run is not signalled as likely stale', async () => {
    const { run } = await runningRun(suite.app, scope);
    expect(await lifecycleAhead(suite.app, policy.runningStaleAfterSeconds - 30).runs.signalLikelyStale(run.id)).toMatchObject({ applied: false });
    expect(eventKinds(await runTrail(suite.app.em(), run.id))).toEqual(['QUEUED', 'STARTED']);
  });
});

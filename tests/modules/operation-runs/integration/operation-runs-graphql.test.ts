import { beforeAll, describe, expect, it } from 'vitest';
import { REASONS } from '../../../../src/app/reasons.js';
import type { OperationRun } from '../../../../src/modules/operation-runs/entities/operation-run.js';
import { TEST_OPERATION_POLICY } from '../../../../src/modules/operation-runs/services/lifecycle-config.js';
import { backdateRun } from '../../../support/backdate-run.js';
import { createUnqueuedRun, findRun, launchTestRun, startAttempt, type RunScope } from '../../../support/test-runs.js';
import { useApp } from '../../../support/use-app.js';
import { createWorld, type World } from '../../../support/world.js';

const QUEUED_STALE = TEST_OPERATION_POLICY.queuedStaleAfterSeconds;
const RUNNING_STALE = TEST_OPERATION_POLICY.runningStaleAfterSeconds;
const LONG_AGO = 2 * RUNNING_STALE;

const RUN_FIELDS = `
  id status outcome reasonCode
  reason { code label explanation nextStep }
  statusPresentation { label tone }
  outcomePresentation { label tone }
  freshness { state label thresholdSeconds referenceTime staleAt }
  reconciliation { reconciledAt reasonCode reasonLabel explanation nextStep source evidence }`;
const RUN = `query($id: ID!) { operationRun(id: $id) { ${RUN_FIELDS} } }`;
const RUNS = `query($ws: ID!, $filter: OperationRunFilter) {
  operationRuns(workspaceId: $ws, filter: $filter, first: 50) { edges { node { id freshness { state } reconciliation { source } } } }
}`;
const SUMMARY = `query($ws: ID!) {
  operationLifecycleSummary(workspaceId: $ws) { likelyStale reconciled reconciledByType { key count } reconciledBySource { key count } }
}`;

const iso = (date: Date | null | undefined) => date!.toISOString();
const plus = (date: Date | null | undefined, seconds: number) => new Date(date!.getTime() + seconds * 1000).toISOString();

const suite = useApp({ world: false, env: { TENANTGRAPH_TEST_OPERATIONS: '1' } });

async function queryRun(run: OperationRun, userId: string) {
  const result = await suite.app.gql(RUN, { id: run.id }, await suite.app.token(userId));
  expect(result.errors).toBeUndefined();
  return result.data.operationRun;
}

/** A run that stopped heartbeating long ago and was failed by the reconciler (the only stale run of its tenant). */
async function reconciledRun(world: World, scope: RunScope): Promise<OperationRun> {
  const run = await startAttempt(suite.app, await createUnqueuedRun(suite.app, scope));
  await backdateRun(suite.app, run.id, LONG_AGO);
  const report = await suite.app.runtime.reconciler.reconcile({ workspaceIds: [world.workspaceA], tenantIds: scope.tenantId ? [scope.tenantId] : [] });
  expect(report.reconciled).toBe(1);
  return findRun(suite.app, run.id);
}

/** A run whose handler threw: the normal failure path. */
async function failedRun(scope: RunScope): Promise<OperationRun> {
  const run = await startAttempt(suite.app, await createUnqueuedRun(suite.app, scope));
  await suite.app.runtime.runs.failFromError(run.id, run.currentAttemptId!, new Error('The source tenant refused the request.'));
  return findRun(suite.app, run.id);
}

describe('OperationRun lifecycle fields', () => {
  let world: World;
  let scope: RunScope;

  beforeAll(async () => {
    world = await createWorld(suite.app.em());
    scope = { workspaceId: world.workspaceA, tenantId: world.tenantA1 };
  });

  it('a fresh queued run reads as queued, with the queued threshold measured from its creation', async () => {
    const run = await launchTestRun(suite.app, scope);

    const node = await queryRun(run, world.users.ownerA);

    expect(node).toMatchObject({
      status: 'QUEUED',
      outcome: 'PENDING',
      reason: null,
      reconciliation: null,
      statusPresentation: { label: 'Queued', tone: 'NEUTRAL' },
      outcomePresentation: { label: 'In progress', tone: 'INFO' },
      freshness: {
        state: 'FRESH_ACTIVE',
        label: 'Fresh activity',
        thresholdSeconds: QUEUED_STALE,
        referenceTime: iso(run.createdAt),
        staleAt: plus(run.createdAt, QUEUED_STALE),
      },
    });
  });

  it('a fresh running run reads as running, with the running threshold measured from its last heartbeat', async () => {
    const run = await startAttempt(suite.app, await createUnqueuedRun(suite.app, scope));

    const node = await queryRun(run, world.users.ownerA);

    expect(node.statusPresentation).toEqual({ label: 'Running', tone: 'INFO' });
    expect(node.freshness).toEqual({
      state: 'FRESH_ACTIVE',
      label: 'Fresh activity',
      thresholdSeconds: RUNNING_STALE,
      referenceTime: iso(run.lastHeartbeatAt),
      staleAt: plus(run.lastHeartbeatAt, RUNNING_STALE),
    });
  });

  it('a running run past its threshold reads "Likely stale", never "Running", while its status stays RUNNING', async () => {
    const started = await startAttempt(suite.app, await createUnqueuedRun(suite.app, scope));
    await backdateRun(suite.app, started.id, RUNNING_STALE + 60);
    const run = await findRun(suite.app, started.id);

    const node = await queryRun(run, world.users.ownerA);

    expect(node).toMatchObject({
      status: 'RUNNING',
      outcome: 'PENDING',
      reconciliation: null,
      statusPresentation: { label: 'Likely stale', tone: 'WARNING' },
      outcomePresentation: { label: 'No recent progress', tone: 'WARNING' },
      freshness: {
        state: 'LIKELY_STALE',
        label: 'Likely stale',
        thresholdSeconds: RUNNING_STALE,
        referenceTime: iso(run.lastHeartbeatAt),
        staleAt: plus(run.lastHeartbeatAt, RUNNING_STALE),
      },
    });
  });

  it('a queued run past its threshold reads "Likely stale", measured from its creation', async () => {
    const created = await launchTestRun(suite.app, scope);
    await backdateRun(suite.app, created.id, QUEUED_STALE + 60);
    const run = await findRun(suite.app, created.id);

    const node = await queryRun(run, world.users.ownerA);

    expect(node.statusPresentation).toEqual({ label: 'Likely stale', tone: 'WARNING' });
    expect(node.freshness).toMatchObject({
      state: 'LIKELY_STALE',
      thresholdSeconds: QUEUED_STALE,
      referenceTime: iso(run.createdAt),
      staleAt: plus(run.createdAt, QUEUED_STALE),
    });
  });

  it('a reconciled run reads "Reconciled failed" and explains the reconciliation with operator-safe reason text and evidence', async () => {
    const run = await reconciledRun(world, { workspaceId: world.workspaceA, tenantId: world.tenantA2 });

    const node = await queryRun(run, world.users.ownerA);

    const reason = REASONS.describe('run.stale_running');
    expect(node).toMatchObject({
      status: 'COMPLETED',
      outcome: 'FAILED',
      reasonCode: 'run.stale_running',
      reason,
      statusPresentation: { label: 'Completed', tone: 'NEUTRAL' },
      outcomePresentation: { label: 'Reconciled failed', tone: 'DANGER' },
      freshness: { state: 'RECONCILED_FAILED', label: 'Automatically reconciled', thresholdSeconds: null, referenceTime: null, staleAt: null },
    });
    expect(node.reconciliation).toEqual({
      reconciledAt: iso(run.reconciledAt),
      reasonCode: 'run.stale_running',
      reasonLabel: 'Run stopped reporting progress',
      explanation: reason.explanation,
      nextStep: reason.nextStep,
      source: 'SCHEDULED_RECONCILER',
      evidence: expect.objectContaining({ status: 'running', thresholdSeconds: RUNNING_STALE, attempt: 1 }),
    });
  });

  it('a normally failed run reads "Failed" with no reconciliation', async () => {
    const run = await failedRun(scope);

    const node = await queryRun(run, world.users.ownerA);

    expect(node).toMatchObject({
      status: 'COMPLETED',
      outcome: 'FAILED',
      reasonCode: 'run.execution_failed',
      reason: { code: 'run.execution_failed', label: 'Run failed' },
      reconciliation: null,
      outcomePresentation: { label: 'Failed', tone: 'DANGER' },
      freshness: { state: 'TERMINAL_NORMAL', label: 'Terminal truth confirmed', thresholdSeconds: null, referenceTime: null, staleAt: null },
    });
  });
});

describe('operationRuns filters', () => {
  let world: World;
  let token: string;
  const ids: Record<'reconciled' | 'stale' | 'fresh' | 'failed', string> = { reconciled: '', stale: '', fresh: '', failed: '' };

  const listed = async (filter: Record<string, unknown>) => {
    const result = await suite.app.gql(RUNS, { ws: world.workspaceA, filter }, token);
    expect(result.errors).toBeUndefined();
    return result.data.operationRuns.edges.map((edge: { node: unknown }) => edge.node) as {
      id: string;
      freshness: { state: string };
      reconciliation: unknown;
    }[];
  };

  beforeAll(async () => {
    world = await createWorld(suite.app.em());
    token = await suite.app.token(world.users.managerA);
    const scope = { workspaceId: world.workspaceA, tenantId: world.tenantA2 };
    ids.reconciled = (await reconciledRun(world, scope)).id;
    const stale = await launchTestRun(suite.app, scope);
    await backdateRun(suite.app, stale.id, LONG_AGO);
    ids.stale = stale.id;
    ids.fresh = (await launchTestRun(suite.app, scope)).id;
    ids.failed = (await failedRun(scope)).id;
  });

  it.each([
    ['LIKELY_STALE', 'stale'],
    ['FRESH_ACTIVE', 'fresh'],
    ['RECONCILED_FAILED', 'reconciled'],
    ['TERMINAL_NORMAL', 'failed'],
  ] as const)('freshness: [%s] returns exactly the runs whose freshness field says so', async (state, which) => {
    const nodes = await listed({ freshness: [state] });

    expect(nodes.map((node) => node.id)).toEqual([ids[which]]);
    expect(nodes[0]!.freshness.state).toBe(state);
  });

  it('several freshness states combine as alternatives', async () => {
    const nodes = await listed({ freshness: ['LIKELY_STALE', 'FRESH_ACTIVE'] });

    expect(nodes.map((node) => node.id).sort()).toEqual([ids.stale, ids.fresh].sort());
  });

  it('reconciled: true returns only force-resolved runs; reconciled: false only the others', async () => {
    const reconciled = await listed({ reconciled: true });
    const others = await listed({ reconciled: false });

    expect(reconciled.map((node) => node.id)).toEqual([ids.reconciled]);
    expect(reconciled[0]!.reconciliation).toEqual({ source: 'SCHEDULED_RECONCILER' });
    expect(others.map((node) => node.id).sort()).toEqual([ids.stale, ids.fresh, ids.failed].sort());
    expect(others.every((node) => node.reconciliation === null)).toBe(true);
  });
});

describe('operationLifecycleSummary', () => {
  let world: World;

  beforeAll(async () => {
    world = await createWorld(suite.app.em());
    const a1 = { workspaceId: world.workspaceA, tenantId: world.tenantA1 };
    const a2 = { workspaceId: world.workspaceA, tenantId: world.tenantA2 };
    const b1 = { workspaceId: world.workspaceB, tenantId: world.tenantB1 };
    const bridged = await startAttempt(suite.app, await createUnqueuedRun(suite.app, a1));
    await suite.app.runtime.runs.bridgeFailedJob(bridged.id, bridged.currentAttemptId!, 'timeout', new Error('The attempt exceeded its job timeout.'));
    await reconciledRun(world, a2);
    for (const scope of [a1, a2, { workspaceId: world.workspaceA, tenantId: null }, b1]) {
      const stale = await createUnqueuedRun(suite.app, scope);
      await backdateRun(suite.app, stale.id, LONG_AGO);
    }
    await launchTestRun(suite.app, a1);
  });

  it('counts likely-stale and reconciled runs of the workspace by type and by source for a member who sees every tenant', async () => {
    const result = await suite.app.gql(SUMMARY, { ws: world.workspaceA }, await suite.app.token(world.users.managerA));

    expect(result.errors).toBeUndefined();
    expect(result.data.operationLifecycleSummary).toEqual({
      likelyStale: 3,
      reconciled: 2,
      reconciledByType: [{ key: 'test.noop', count: 2 }],
      reconciledBySource: [
        { key: 'failure_bridge', count: 1 },
        { key: 'scheduled_reconciler', count: 1 },
      ],
    });
  });

  it('leaves out runs of tenants the caller is not entitled to', async () => {
    const result = await suite.app.gql(SUMMARY, { ws: world.workspaceA }, await suite.app.token(world.users.operatorA));

    expect(result.errors).toBeUndefined();
    expect(result.data.operationLifecycleSummary).toEqual({
      likelyStale: 2,
      reconciled: 1,
      reconciledByType: [{ key: 'test.noop', count: 1 }],
      reconciledBySource: [{ key: 'failure_bridge', count: 1 }],
    });
  });

  it('is NOT_FOUND for a non-member', async () => {
    const result = await suite.app.gql(SUMMARY, { ws: world.workspaceA }, await suite.app.token(world.users.ownerB));

    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('runs follow the 404/403 rules', () => {
  let world: World;
  let runA1: OperationRun;
  let runA2: OperationRun;

  beforeAll(async () => {
    world = await createWorld(suite.app.em());
    runA1 = await reconciledRun(world, { workspaceId: world.workspaceA, tenantId: world.tenantA1 });
    runA2 = await reconciledRun(world, { workspaceId: world.workspaceA, tenantId: world.tenantA2 });
  });

  it('a run of a tenant the operator is not granted does not exist for them, like an unknown id', async () => {
    const token = await suite.app.token(world.users.operatorA);

    const granted = await suite.app.gql(RUN, { id: runA1.id }, token);
    const sibling = await suite.app.gql(RUN, { id: runA2.id }, token);

    expect(granted.data.operationRun.id).toBe(runA1.id);
    expect(sibling.data.operationRun).toBeNull();
    expect(sibling.errors).toEqual([expect.objectContaining({ message: 'Operation run not found.', extensions: { code: 'NOT_FOUND' } })]);
  });

  it('a non-member gets NOT_FOUND for every run of the workspace', async () => {
    const result = await suite.app.gql(RUN, { id: runA1.id }, await suite.app.token(world.users.outsider));

    expect(result.data.operationRun).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('lists contain only entitled runs: the operator sees A1, the manager sees every tenant', async () => {
    const operator = await suite.app.gql(RUNS, { ws: world.workspaceA, filter: { reconciled: true } }, await suite.app.token(world.users.operatorA));
    const manager = await suite.app.gql(RUNS, { ws: world.workspaceA, filter: { reconciled: true } }, await suite.app.token(world.users.managerA));

    expect(operator.data.operationRuns.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([runA1.id]);
    expect(manager.data.operationRuns.edges.map((edge: { node: { id: string } }) => edge.node.id).sort()).toEqual([runA1.id, runA2.id].sort());
  });
});

import { describe, expect, it } from 'vitest';
import { AuditLogSchema } from '../../../../src/app/audit-entity.js';
import type { OperationRun } from '../../../../src/modules/operation-runs/entities/operation-run.js';
import { TEST_OPERATION_POLICY } from '../../../../src/modules/operation-runs/services/lifecycle-config.js';
import { backdateRun } from '../../../support/backdate-run.js';
import { createUnqueuedRun, findRun, launchTestRun, runEvents, type RunScope } from '../../../support/test-runs.js';
import { useApp } from '../../../support/use-app.js';
import { createWorld, type World } from '../../../support/world.js';

const LONG_AGO = 2 * TEST_OPERATION_POLICY.runningStaleAfterSeconds;

const RECONCILE = `mutation($input: ReconcileOperationRunsInput!) {
  reconcileOperationRuns(input: $input) {
    inspected reconciled skipped dryRun
    changes {
      reasonCode applied
      run { id status outcome reconciliation { source evidence } }
      before { status outcome freshness }
      after { status outcome freshness }
    }
  }
}`;

const suite = useApp({ world: false, env: { TENANTGRAPH_TEST_OPERATIONS: '1' } });

interface Fixture {
  world: World;
  staleA1: OperationRun;
  staleA2: OperationRun;
  staleWorkspaceLevel: OperationRun;
  freshA1: OperationRun;
  staleB1: OperationRun;
}

async function staleRun(scope: RunScope, secondsAgo: number): Promise<OperationRun> {
  const run = await createUnqueuedRun(suite.app, scope);
  await backdateRun(suite.app, run.id, secondsAgo);
  return run;
}

/** A world of its own with stale runs on both tenants of A and on A itself, a fresh run, and a stale run in B. */
async function fixture(): Promise<Fixture> {
  const world = await createWorld(suite.app.em());
  const a = world.workspaceA;
  return {
    world,
    staleA1: await staleRun({ workspaceId: a, tenantId: world.tenantA1 }, LONG_AGO + 3),
    staleA2: await staleRun({ workspaceId: a, tenantId: world.tenantA2 }, LONG_AGO + 2),
    staleWorkspaceLevel: await staleRun({ workspaceId: a, tenantId: null }, LONG_AGO + 1),
    freshA1: await launchTestRun(suite.app, { workspaceId: a, tenantId: world.tenantA1 }),
    staleB1: await staleRun({ workspaceId: world.workspaceB, tenantId: world.tenantB1 }, LONG_AGO),
  };
}

async function reconcileAs(userId: string, input: Record<string, unknown>) {
  return suite.app.gql(RECONCILE, { input }, await suite.app.token(userId));
}

async function statusOf(run: OperationRun): Promise<string> {
  return (await findRun(suite.app, run.id)).status;
}

describe('reconcileOperationRuns', () => {
  it.each([
    ['outsider', 'NOT_FOUND'],
    ['ownerB', 'NOT_FOUND'],
    ['readonlyA', 'FORBIDDEN'],
    ['operatorA', 'FORBIDDEN'],
  ] as const)('%s gets %s and nothing changes', async (user, code) => {
    const { world, staleA1 } = await fixture();

    const result = await reconcileAs(world.users[user], { workspaceId: world.workspaceA });

    expect(result.data).toBeNull();
    expect(result.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code }) })]);
    expect(await statusOf(staleA1)).toBe('queued');
  });

  it.each(['managerA', 'ownerA'] as const)(
    '%s fails the stale runs of every tenant of the workspace, skips fresh runs, and never touches another workspace',
    async (user) => {
      const { world, staleA1, staleA2, staleWorkspaceLevel, freshA1, staleB1 } = await fixture();

      const result = await reconcileAs(world.users[user], { workspaceId: world.workspaceA });

      expect(result.errors).toBeUndefined();
      const payload = result.data.reconcileOperationRuns;
      expect(payload).toMatchObject({ inspected: 4, reconciled: 3, skipped: 1, dryRun: false });
      expect(payload.changes.map((change: { run: { id: string } }) => change.run.id)).toEqual([staleA1.id, staleA2.id, staleWorkspaceLevel.id]);
      expect(payload.changes[0]).toEqual({
        reasonCode: 'run.stale_queued',
        applied: true,
        run: {
          id: staleA1.id,
          status: 'COMPLETED',
          outcome: 'FAILED',
          reconciliation: {
            source: 'SCHEDULED_RECONCILER',
            evidence: expect.objectContaining({ status: 'queued', trigger: 'api', triggeredBy: world.users[user] }),
          },
        },
        before: { status: 'QUEUED', outcome: 'PENDING', freshness: 'LIKELY_STALE' },
        after: { status: 'COMPLETED', outcome: 'FAILED', freshness: 'RECONCILED_FAILED' },
      });
      expect(await statusOf(freshA1)).toBe('queued');
      expect(await statusOf(staleB1)).toBe('queued');
      const audit = await suite.app.em().find(AuditLogSchema, { subjectId: staleA1.id, action: 'operation_run.reconciled' });
      expect(audit.map((record) => [record.actor, record.actorType])).toEqual([[world.users[user], 'user']]);
    },
  );

  it('a dry run reports what would change and changes nothing', async () => {
    const { world, staleA1, staleA2, staleWorkspaceLevel } = await fixture();

    const result = await reconcileAs(world.users.managerA, { workspaceId: world.workspaceA, dryRun: true });

    expect(result.errors).toBeUndefined();
    const payload = result.data.reconcileOperationRuns;
    expect(payload).toMatchObject({ inspected: 4, reconciled: 0, skipped: 1, dryRun: true });
    expect(payload.changes.map((change: { applied: boolean }) => change.applied)).toEqual([false, false, false]);
    expect(payload.changes[0].run).toEqual({ id: staleA1.id, status: 'QUEUED', outcome: 'PENDING', reconciliation: null });
    for (const run of [staleA1, staleA2, staleWorkspaceLevel]) {
      expect(await statusOf(run)).toBe('queued');
      expect((await runEvents(suite.app, run.id)).map((event) => event.kind)).toEqual(['QUEUED']);
    }
  });

  it('tenantIds narrow the pass to those tenants', async () => {
    const { world, staleA2 } = await fixture();

    const result = await reconcileAs(world.users.managerA, { workspaceId: world.workspaceA, tenantIds: [world.tenantA2] });

    expect(result.data.reconcileOperationRuns).toMatchObject({ inspected: 1, reconciled: 1, skipped: 0 });
    expect(result.data.reconcileOperationRuns.changes[0].run.id).toBe(staleA2.id);
  });

  it("another workspace's tenant ids never widen the pass beyond the workspace", async () => {
    const { world, staleB1 } = await fixture();

    const result = await reconcileAs(world.users.managerA, { workspaceId: world.workspaceA, tenantIds: [world.tenantB1] });

    expect(result.data.reconcileOperationRuns).toMatchObject({ inspected: 0, reconciled: 0, skipped: 0, changes: [] });
    expect(await statusOf(staleB1)).toBe('queued');
  });

  it('limit caps how many runs are inspected, oldest first', async () => {
    const { world, staleA1, staleA2 } = await fixture();

    const result = await reconcileAs(world.users.managerA, { workspaceId: world.workspaceA, limit: 1 });

    expect(result.data.reconcileOperationRuns).toMatchObject({ inspected: 1, reconciled: 1 });
    expect(await statusOf(staleA1)).toBe('completed');
    expect(await statusOf(staleA2)).toBe('queued');
  });

  it.each([0, 501])('limit %i is rejected with BAD_USER_INPUT before anything changes', async (limit) => {
    const { world, staleA1 } = await fixture();

    const result = await reconcileAs(world.users.managerA, { workspaceId: world.workspaceA, limit });

    expect(result.errors).toEqual([
      expect.objectContaining({ message: 'limit must be between 1 and 500.', extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    ]);
    expect(await statusOf(staleA1)).toBe('queued');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../../src/platform/canonical-json.js';
import { newId } from '../../../../src/platform/ids.js';
import { backdateRun } from '../../../support/backdate-run.js';
import { insertTenants } from '../../../support/bulk-fixtures.js';
import { createDatabaseMigratedTo } from '../../../support/partially-migrated-database.js';
import { startTestAppOn, type TestApp } from '../../../support/test-app.js';
import { createUnqueuedRun, startAttempt, type RunScope } from '../../../support/test-runs.js';
import { useApp } from '../../../support/use-app.js';
import { createWorld, type World } from '../../../support/world.js';

const BEFORE_COUNTERS = 'Migration20261127020000_history_growth_indexes';

const SUMMARY = `query($ws: ID!) {
  operationLifecycleSummary(workspaceId: $ws) { reconciled reconciledByType { key count } reconciledBySource { key count } }
}`;

interface CountRow {
  workspace_id: string;
  tenant_id: string | null;
  type: string;
  source: string;
  count: number;
}

const ORDER = 'order by workspace_id, tenant_id nulls first, type, source';

/** What the counters hold, and what they should hold: a recount of the reconciled runs. */
async function countersAndRecount(app: TestApp): Promise<{ counters: CountRow[]; recount: CountRow[] }> {
  const connection = app.em().getConnection();
  const counters = await connection.execute<CountRow[]>(
    `select workspace_id, tenant_id, type, source, count from operation_run_reconciliation_counts ${ORDER}`,
  );
  const recount = await connection.execute<CountRow[]>(
    `select workspace_id, tenant_id, type, coalesce(reconciliation->>'source', 'unknown') as source, count(*)::int as count
       from operation_runs where reconciled_at is not null
      group by workspace_id, tenant_id, type, coalesce(reconciliation->>'source', 'unknown') ${ORDER}`,
  );
  return { counters, recount };
}

/** A completed run written directly, already reconciled (as an import or a restore would write it); `null`: no reconciliation record. */
async function insertReconciledRun(app: TestApp, scope: RunScope, source: string | null): Promise<string> {
  const id = newId();
  const now = new Date();
  await app
    .em()
    .getConnection()
    .execute(
      `insert into operation_runs (id, workspace_id, tenant_id, type, status, outcome, run_identity_hash, completed_at, reason_code, reconciled_at, reconciliation)
       values (?, ?, ?, 'test.noop', 'completed', 'failed', ?, ?, 'run.stale_running', ?, ?::jsonb)`,
      [
        id,
        scope.workspaceId,
        scope.tenantId ?? null,
        sha256(`run:${id}`),
        now,
        now,
        source ? JSON.stringify({ source, reasonCode: 'run.stale_running', evidence: {} }) : null,
      ],
    );
  return id;
}

describe('reconciliation counters', () => {
  const suite = useApp({ env: { TENANTGRAPH_TEST_OPERATIONS: '1' } });

  it('equal a recount of the reconciled runs after bridge failures, reconciler passes, queue checks, inserts and deletes', async () => {
    const a1 = { workspaceId: suite.world.workspaceA, tenantId: suite.world.tenantA1 };
    const workspaceLevel = { workspaceId: suite.world.workspaceA, tenantId: null };
    const [leaving] = await insertTenants(suite.app.em(), suite.world.workspaceA, ['Leaving']);

    const bridged = await startAttempt(suite.app, await createUnqueuedRun(suite.app, a1));
    await suite.app.runtime.runs.bridgeFailedJob(bridged.id, bridged.currentAttemptId!, 'timeout', new Error('The attempt exceeded its job timeout.'));
    const failedNormally = await startAttempt(suite.app, await createUnqueuedRun(suite.app, a1));
    await suite.app.runtime.runs.failFromError(failedNormally.id, failedNormally.currentAttemptId!, new Error('The source tenant refused the request.'));
    const stale = await startAttempt(suite.app, await createUnqueuedRun(suite.app, workspaceLevel));
    await backdateRun(suite.app, stale.id, 86_400);
    const lost = await createUnqueuedRun(suite.app, { workspaceId: suite.world.workspaceA, tenantId: suite.world.tenantA2 });
    await backdateRun(suite.app, lost.id, suite.app.config.lifecycle.queueCheckGraceSeconds + 1);
    const report = await suite.app.runtime.reconciler.reconcile({ workspaceIds: [suite.world.workspaceA] });
    expect(report.changes.map((change) => change.reasonCode).sort()).toEqual(['run.queue_job_lost', 'run.stale_running']);
    await insertReconciledRun(suite.app, { workspaceId: suite.world.workspaceB, tenantId: suite.world.tenantB1 }, 'scheduled_reconciler');
    const removed = await insertReconciledRun(suite.app, a1, 'queue_check');
    await insertReconciledRun(suite.app, { workspaceId: suite.world.workspaceA, tenantId: leaving! }, 'failure_bridge');
    await suite.app.em().getConnection().execute('delete from operation_runs where id = ?', [removed]);
    await suite.app.em().getConnection().execute('delete from tenants where id = ?', [leaving]);

    const { counters, recount } = await countersAndRecount(suite.app);
    expect(recount.map((row) => [row.workspace_id, row.tenant_id, row.source, row.count])).toEqual(
      expect.arrayContaining([
        [suite.world.workspaceA, suite.world.tenantA1, 'failure_bridge', 1],
        [suite.world.workspaceA, null, 'scheduled_reconciler', 1],
        [suite.world.workspaceA, suite.world.tenantA2, 'queue_check', 1],
        [suite.world.workspaceB, suite.world.tenantB1, 'scheduled_reconciler', 1],
      ]),
    );
    expect(recount).toHaveLength(4);
    expect(counters).toEqual(recount);
  });

  it('count a reconciled run that recorded no source under "unknown" instead of refusing the write', async () => {
    const { workspaceB, tenantB1 } = suite.world;
    await insertReconciledRun(suite.app, { workspaceId: workspaceB, tenantId: tenantB1 }, null);

    const { counters, recount } = await countersAndRecount(suite.app);
    expect(counters).toContainEqual({ workspace_id: workspaceB, tenant_id: tenantB1, type: 'test.noop', source: 'unknown', count: 1 });
    expect(counters).toEqual(recount);
  });
});

describe('the reconciliation counters migration', () => {
  let app: TestApp;
  let world: World;

  beforeAll(async () => {
    app = await startTestAppOn(await createDatabaseMigratedTo(BEFORE_COUNTERS));
    world = await createWorld(app.em());
    await insertReconciledRun(app, { workspaceId: world.workspaceA, tenantId: world.tenantA1 }, 'failure_bridge');
    await insertReconciledRun(app, { workspaceId: world.workspaceA, tenantId: world.tenantA1 }, 'failure_bridge');
    await insertReconciledRun(app, { workspaceId: world.workspaceA, tenantId: null }, 'queue_check');
    await insertReconciledRun(app, { workspaceId: world.workspaceB, tenantId: world.tenantB1 }, 'scheduled_reconciler');
    await app.orm.getMigrator().up();
  });
  afterAll(() => app.close());

  it('counts the runs reconciled before the upgrade, so the summary reads the same as before it', async () => {
    const result = await app.gql(SUMMARY, { ws: world.workspaceA }, await app.token(world.users.ownerA));

    expect(result.errors).toBeUndefined();
    expect(result.data.operationLifecycleSummary).toEqual({
      reconciled: 3,
      reconciledByType: [{ key: 'test.noop', count: 3 }],
      reconciledBySource: [
        { key: 'failure_bridge', count: 2 },
        { key: 'queue_check', count: 1 },
      ],
    });
    const { counters, recount } = await countersAndRecount(app);
    expect(counters).toEqual(recount);
  });
});

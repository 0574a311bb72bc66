import { beforeAll, describe, expect, it } from 'vitest';
import { assignProfile, insertProfile } from '../../support/baseline-rows.js';
import { insertTenants } from '../../support/bulk-fixtures.js';
import { rowsRead } from '../../support/plan-rows.js';
import { captureQueries } from '../../support/query-capture.js';
import { useApp } from '../../support/use-app.js';

const HISTORY = 20_000;
const TENANTS = 20;
const SNAPSHOTS = 2_000;
/** Every 50th run was reconciled: 400 in the history. */
const RECONCILED_EVERY = 50;

const TENANT_PAGE = `query($ws: ID!) {
  workspace(id: $ws) { tenants(first: 50) { edges { node { id compareReadiness { allowed snapshot { id } } lastCompareRun { id } } } } }
}`;
const SUMMARY = `query($ws: ID!) { operationLifecycleSummary(workspaceId: $ws) { likelyStale reconciled reconciledBySource { key count } } }`;
const RUNS = `query($ws: ID!, $filter: OperationRunFilter) { operationRuns(workspaceId: $ws, filter: $filter, first: 50) { edges { node { id } } } }`;

/**
 * Dashboard reads must not cost more as the run history grows: each reads a number of rows set by
 * what it shows (a page, one row per tenant or profile), never by how many runs or snapshots
 * exist. Rows read are measured with EXPLAIN ANALYZE, so the load of the machine does not matter.
 */
describe('dashboard reads over a long history', () => {
  const suite = useApp();
  let tenants: string[];

  async function readsOf(query: string, variables: Record<string, unknown>) {
    let data: any;
    const statements = await captureQueries(suite.app.orm, async () => {
      const result = await suite.gql(query, variables);
      expect(result.errors).toBeUndefined();
      data = result.data;
    });
    return {
      data,
      runs: await rowsRead(suite.app.em(), statements, 'operation_runs'),
      snapshots: await rowsRead(suite.app.em(), statements, 'baseline_snapshots'),
    };
  }

  beforeAll(async () => {
    tenants = await insertTenants(
      suite.app.em(),
      suite.world.workspaceA,
      Array.from({ length: TENANTS }, (_, i) => `History ${String(i).padStart(2, '0')}`),
    );
    const profile = await insertProfile(suite.app.em(), suite.world.workspaceA, 'History profile');
    for (const tenant of tenants) await assignProfile(suite.app.em(), suite.world.workspaceA, tenant, profile);
    const connection = suite.app.em().getConnection();
    // Newest first: run i was created i minutes ago; each tenant's runs alternate between compare and sync; every 50th was reconciled.
    await connection.execute(
      `insert into operation_runs (id, workspace_id, tenant_id, type, status, outcome, run_identity_hash, completed_at, reason_code, reconciled_at, reconciliation, created_at, updated_at)
       select gen_random_uuid(), ?, (?::uuid[])[1 + i % ${TENANTS}], case when (i / ${TENANTS}) % 2 = 0 then 'baseline_compare' else 'inventory_sync' end,
              'completed', case when i % ${RECONCILED_EVERY} = 0 then 'failed' else 'succeeded' end, md5('history:' || i), now() - make_interval(mins => i),
              case when i % ${RECONCILED_EVERY} = 0 then 'run.stale_running' end, case when i % ${RECONCILED_EVERY} = 0 then now() - make_interval(mins => i) end,
              case when i % ${RECONCILED_EVERY} = 0 then '{"source": "scheduled_reconciler", "reasonCode": "run.stale_running", "evidence": {}}'::jsonb end,
              now() - make_interval(mins => i), now()
         from generate_series(1, ${HISTORY}) as i`,
      [suite.world.workspaceA, `{${tenants.join(',')}}`],
    );
    await connection.execute(
      `insert into baseline_snapshots (id, workspace_id, baseline_profile_id, snapshot_identity_hash, captured_at, lifecycle_state, completed_at, failed_at)
       select gen_random_uuid(), ?, ?, md5('snapshot:' || i), now() - make_interval(hours => i),
              case when i % 3 = 0 then 'incomplete' else 'complete' end,
              case when i % 3 <> 0 then now() - make_interval(hours => i) end, case when i % 3 = 0 then now() - make_interval(hours => i) end
         from generate_series(1, ${SNAPSHOTS}) as i`,
      [suite.world.workspaceA, profile],
    );
    await connection.execute('analyze operation_runs; analyze baseline_snapshots');
  });

  it('a page of tenants reads one last compare per tenant and one effective and latest snapshot per profile, not their histories', async () => {
    const reads = await readsOf(TENANT_PAGE, { ws: suite.world.workspaceA });

    const nodes = reads.data.workspace.tenants.edges.map((edge: any) => edge.node).filter((node: any) => tenants.includes(node.id));
    expect(nodes).toHaveLength(TENANTS);
    expect(nodes.every((node: any) => node.lastCompareRun !== null && node.compareReadiness.allowed)).toBe(true);
    // The lookup and the load of each last compare: two rows per tenant at most.
    expect(reads.runs).toBeLessThanOrEqual(2 * (TENANTS + 2));
    expect(reads.snapshots).toBeLessThanOrEqual(10);
  });

  it('the lifecycle summary reads the active runs and the counters, not the reconciled history', async () => {
    const reads = await readsOf(SUMMARY, { ws: suite.world.workspaceA });

    expect(reads.data.operationLifecycleSummary).toEqual({
      likelyStale: 0,
      reconciled: HISTORY / RECONCILED_EVERY,
      reconciledBySource: [{ key: 'scheduled_reconciler', count: HISTORY / RECONCILED_EVERY }],
    });
    expect(reads.runs).toBeLessThanOrEqual(10);
  });

  it("a page of one tenant's runs reads about one page of runs", async () => {
    const reads = await readsOf(RUNS, { ws: suite.world.workspaceA, filter: { tenantId: [tenants[0]] } });

    expect(reads.data.operationRuns.edges).toHaveLength(50);
    expect(reads.runs).toBeLessThanOrEqual(2 * 51);
  });

  it('a page of reconciled runs reads about one page of runs', async () => {
    const reads = await readsOf(RUNS, { ws: suite.world.workspaceA, filter: { reconciled: true } });

    expect(reads.data.operationRuns.edges).toHaveLength(50);
    expect(reads.runs).toBeLessThanOrEqual(2 * 51);
  });
});

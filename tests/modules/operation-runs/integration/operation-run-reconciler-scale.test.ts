import { beforeAll, describe, expect, it } from 'vitest';
import { captureQueries } from '../../../support/query-capture.js';
import { runningRun } from '../../../support/run-steps.js';
import { lifecycleAhead } from '../../../support/shifted-lifecycle.js';
import { createUnqueuedRun } from '../../../support/test-runs.js';
import { useApp } from '../../../support/use-app.js';

const COMPLETED_RUNS = 20_000;
const ACTIVE_RUNS = 5;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

const flatten = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(flatten)];

/** The cost of a reconciler pass depends on the active runs only, not on how many runs ever completed. */
describe('reconciler cost with many completed runs', () => {
  const suite = useApp({ env: { TENANTGRAPH_TEST_OPERATIONS: '1' } });

  beforeAll(async () => {
    const connection = suite.app.em().getConnection();
    // Completed runs of every covered type, all older than the active ones.
    await connection.execute(
      `insert into operation_runs (id, workspace_id, tenant_id, type, status, outcome, run_identity_hash, completed_at, created_at, updated_at)
       select gen_random_uuid(), ?, ?, (array['baseline_capture', 'baseline_compare', 'inventory_sync', 'test.noop'])[1 + i % 4],
              'completed', 'succeeded', encode(sha256(('completed:' || i)::bytea), 'hex'),
              now() - make_interval(secs => i), now() - make_interval(days => 1, secs => i), now()
         from generate_series(1, ${COMPLETED_RUNS}) as i`,
      [suite.world.workspaceA, suite.world.tenantA1],
    );
    const scope = { workspaceId: suite.world.workspaceA, tenantId: suite.world.tenantA1, initiatorId: null };
    for (let i = 0; i < 3; i++) await createUnqueuedRun(suite.app, scope);
    for (let i = 0; i < ACTIVE_RUNS - 3; i++) await runningRun(suite.app, scope);
    await connection.execute('analyze operation_runs');
  });

  it('the candidate query is answered from the partial active-run index, never by scanning completed runs', async () => {
    const statements = await captureQueries(suite.app.orm, () => suite.app.runtime.reconciler.reconcile({ dryRun: true }));
    const candidates = statements.filter((statement) => /from "operation_runs"/i.test(statement.sql));
    expect(candidates).toHaveLength(1);
    const { sql, bindings } = candidates[0]!;
    expect(sql).toMatch(/"status" in/i);
    expect(sql).toMatch(/order by .*"created_at" asc/i);

    const [explained] = await suite.app.em().getConnection().execute<{ 'QUERY PLAN': [{ Plan: PlanNode }] }[]>(`explain (format json) ${sql}`, bindings);
    const nodes = flatten(explained!['QUERY PLAN'][0].Plan);
    expect(nodes.map((node) => node['Index Name'])).toContain('operation_runs_active_scan_idx');
    expect(nodes.filter((node) => node['Relation Name'] === 'operation_runs' && node['Node Type'] === 'Seq Scan')).toEqual([]);
  });

  it('a pass inspects only the active runs and leaves every completed run alone', async () => {
    const report = await lifecycleAhead(suite.app, 86_400).reconciler.reconcile();
    expect(report).toMatchObject({ inspected: ACTIVE_RUNS, reconciled: ACTIVE_RUNS, skipped: 0 });
    const [counts] = await suite.app
      .em()
      .getConnection()
      .execute<{ untouched: string; reconciled: string }[]>(
        `select count(*) filter (where reconciled_at is null and outcome = 'succeeded') as untouched,
                count(*) filter (where reconciled_at is not null) as reconciled
           from operation_runs where status = 'completed'`,
      );
    expect(counts).toEqual({ untouched: String(COMPLETED_RUNS), reconciled: String(ACTIVE_RUNS) });
  });
});

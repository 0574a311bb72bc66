import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../../src/platform/canonical-json.js';
import { newId } from '../../../../src/platform/ids.js';
import { insertTenants } from '../../../support/bulk-fixtures.js';
import { useApp } from '../../../support/use-app.js';

const TENANTS = `query($ws: ID!) {
  workspace(id: $ws) { tenants(first: 50) { edges { node { name lastCompareRun { id type } } } } }
}`;

const T = Date.UTC(2026, 5, 1, 12);
const HOUR = 3_600_000;

const suite = useApp();

/** A completed run with the given id and creation time, chosen independently of each other. */
async function insertRun(tenantId: string, type: string, id: string, createdAt: number): Promise<string> {
  await suite.app
    .em()
    .getConnection()
    .execute(
      `insert into operation_runs (id, workspace_id, tenant_id, type, status, outcome, run_identity_hash, completed_at, created_at, updated_at)
       values (?, ?, ?, ?, 'completed', 'succeeded', ?, ?, ?, ?)`,
      [id, suite.world.workspaceA, tenantId, type, sha256(`run:${id}`), new Date(createdAt), new Date(createdAt), new Date(createdAt)],
    );
  return id;
}

describe('Tenant.lastCompareRun', () => {
  const expected = new Map<string, string | null>();

  beforeAll(async () => {
    const [latestByTime, tied, syncOnly] = await insertTenants(suite.app.em(), suite.world.workspaceA, ['Latest by time', 'Tied', 'Sync only', 'No runs']);

    // The newest compare by creation time wins over an older compare whose id sorts higher, and a
    // newer run of another type does not count.
    await insertRun(latestByTime!, 'baseline_compare', newId(T + 2 * HOUR), T - HOUR);
    expected.set('Latest by time', await insertRun(latestByTime!, 'baseline_compare', newId(T - 2 * HOUR), T));
    await insertRun(latestByTime!, 'inventory_sync', newId(T + 3 * HOUR), T + HOUR);

    // Two compares created at the same instant: the higher id wins, every time.
    const twins = [await insertRun(tied!, 'baseline_compare', newId(T), T), await insertRun(tied!, 'baseline_compare', newId(T), T)];
    expected.set('Tied', twins.sort().at(-1)!);

    await insertRun(syncOnly!, 'inventory_sync', newId(T), T);
    expected.set('Sync only', null);
    expected.set('No runs', null);
  });

  it('is the newest compare of each tenant by creation time, ties broken by the higher id, and null for tenants without a compare', async () => {
    const result = await suite.app.gql(TENANTS, { ws: suite.world.workspaceA }, await suite.app.token(suite.world.users.ownerA));

    expect(result.errors).toBeUndefined();
    const byName = new Map(result.data.workspace.tenants.edges.map(({ node }: any) => [node.name, node.lastCompareRun]));
    for (const [name, id] of expected) expect(byName.get(name), name).toEqual(id ? { id, type: 'baseline_compare' } : null);
  });
});

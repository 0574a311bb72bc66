import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/platform/ids.js';
import { UserSchema } from '../../../src/modules/workspaces/entities/user.js';
import { WorkspaceMembershipSchema } from '../../../src/modules/workspaces/entities/workspace-membership.js';
import { createBaselineBulk, type BaselineBulk } from '../../support/baseline-bulk.js';
import { insertRuns } from '../../support/bulk-fixtures.js';
import { freshToken } from '../../support/fresh-token.js';
import { countQueries } from '../../support/test-app.js';
import { useApp } from '../../support/use-app.js';

const RUNS_PAGE = `query($workspaceId: ID!) {
  operationRuns(workspaceId: $workspaceId, first: 50) {
    edges { node { id status outcome freshness { state label } tenant { id name } initiator { id displayName } } }
  }
}`;

const TENANTS_WITH_READINESS = `query($workspaceId: ID!) {
  workspace(id: $workspaceId) {
    name
    tenants(first: 50) {
      edges { node { id name compareReadiness { allowed reasonCode nextAction snapshot { id lifecycleState } } } }
    }
  }
}`;

/**
 * The statement budget of the two dashboard reads (issue 10), auth included, counted on the real
 * database: the caller's entitlements cost one statement with a token the API has not seen and
 * none with a token it has, while the stamp is unchanged.
 */
describe('dashboard reads stay within their SQL statement budget', () => {
  const suite = useApp();
  let ownerId: string;
  let bulk: BaselineBulk;

  beforeAll(async () => {
    ownerId = suite.world.users.ownerB;
    bulk = await createBaselineBulk(suite.app.em(), ownerId, 55);
    const em = suite.app.em();
    const initiators = Array.from({ length: 10 }, (_, i) => {
      const id = newId();
      em.create(UserSchema, { id, email: `initiator-${i}-${id}@example.test`, displayName: `Account ${i}` });
      em.create(WorkspaceMembershipSchema, { id: newId(), workspace: bulk.workspaceId, user: id, role: 'operator', displayName: `Member ${i}` });
      return id;
    });
    await em.flush();
    await insertRuns(
      suite.app.em(),
      Array.from({ length: 120 }, (_, i) => ({ workspaceId: bulk.workspaceId, tenantId: bulk.tenants[i % 55]!, initiatorId: initiators[i % 10]! })),
    );
  });

  async function statements(query: string, token: string): Promise<{ count: number; data: any }> {
    let data: any;
    const { count } = await countQueries(suite.app.orm, async () => {
      const result = await suite.app.gql(query, { workspaceId: bulk.workspaceId }, token);
      expect(result.errors).toBeUndefined();
      data = result.data;
    });
    return { count, data };
  }

  it('the runs page (50 runs with status, outcome, freshness, tenant and initiator) costs at most 3 statements with a new token and 2 with a token seen', async () => {
    const token = await freshToken(suite.app, ownerId);
    const first = await statements(RUNS_PAGE, token);
    const again = await statements(RUNS_PAGE, token);

    const nodes = first.data.operationRuns.edges.map((edge: any) => edge.node);
    expect(nodes).toHaveLength(50);
    expect(nodes.every((node: any) => node.tenant?.name && node.initiator?.displayName.startsWith('Member '))).toBe(true);
    expect(again.data).toEqual(first.data);
    expect(first.count).toBeLessThanOrEqual(3);
    expect(again.count).toBeLessThanOrEqual(2);
  });

  it('tenants with compare readiness (a page of 50) cost at most 5 statements with a new token and 4 with a token seen', async () => {
    const token = await freshToken(suite.app, ownerId);
    const first = await statements(TENANTS_WITH_READINESS, token);
    const again = await statements(TENANTS_WITH_READINESS, token);

    const nodes = first.data.workspace.tenants.edges.map((edge: any) => edge.node);
    expect(nodes).toHaveLength(50);
    nodes.forEach((node: any) => {
      const index = bulk.tenants.indexOf(node.id);
      expect(node.compareReadiness).toMatchObject({ allowed: true, snapshot: { id: bulk.effective[index], lifecycleState: 'COMPLETE' } });
    });
    expect(again.data).toEqual(first.data);
    expect(first.count).toBeLessThanOrEqual(5);
    expect(again.count).toBeLessThanOrEqual(4);
  });
});

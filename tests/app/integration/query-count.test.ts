import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/platform/ids.js';
import { BaselineProfileSchema } from '../../../src/modules/baselines/entities/baseline-profile.js';
import { BaselineTenantAssignmentSchema } from '../../../src/modules/baselines/entities/baseline-tenant-assignment.js';
import { UserSchema } from '../../../src/modules/workspaces/entities/user.js';
import { insertRuns, insertTenants } from '../../support/bulk-fixtures.js';
import { freshToken } from '../../support/fresh-token.js';
import { countQueries, type GqlResult } from '../../support/test-app.js';
import { useApp } from '../../support/use-app.js';
import { testEmail } from '../../support/test-email.js';

const RUNS = `
  query Runs($workspaceId: ID!, $first: Int) {
    operationRuns(workspaceId: $workspaceId, first: $first) {
      edges { node { id status workspace { name } tenant { name } initiator { email } } }
    }
  }`;

const TENANTS = `
  query Tenants($id: ID!, $first: Int) {
    workspace(id: $id) {
      tenants(first: $first) {
        edges { node { id name workspace { name } assignedBaselineProfile { name } } }
      }
    }
  }`;

/**
 * Statements per page, whatever its size, with a token the API has not seen: the actor (one
 * statement); runs: the page with each run's tenant and initiator, then the workspaces; tenants:
 * the workspace, then the page with each tenant's assignment and profile.
 */
const MAX_STATEMENTS = 3;

describe('SQL statements per page (no N+1)', () => {
  const suite = useApp();

  beforeAll(async () => {
    // 100 tenants, each with its own profile assignment, and 100 runs, each on its own tenant by its own initiator,
    // so every related row of a page is distinct and an unbatched resolver would cost one statement per row.
    const tenants = await insertTenants(
      suite.app.em(),
      suite.world.workspaceA,
      Array.from({ length: 100 }, (_, i) => `Bulk ${String(i).padStart(3, '0')}`),
    );
    const em = suite.app.em();
    const users = tenants.map((_, i) => {
      const id = newId();
      em.create(UserSchema, { id, email: testEmail(`initiator-${i}`, id), displayName: `Initiator ${i}` });
      return id;
    });
    tenants.forEach((tenant, i) => {
      const profile = newId();
      em.create(BaselineProfileSchema, {
        id: profile,
        workspace: suite.world.workspaceA,
        name: `Profile ${i}`,
        status: 'active',
        scope: { policyTypes: ['deviceConfiguration'] },
      });
      em.create(BaselineTenantAssignmentSchema, { id: newId(), workspace: suite.world.workspaceA, tenant, profile });
    });
    await em.flush();
    await insertRuns(
      suite.app.em(),
      tenants.map((tenantId, i) => ({ workspaceId: suite.world.workspaceA, tenantId, initiatorId: users[i]! })),
    );
  });

  async function measure(query: string, variables: Record<string, unknown>) {
    let result: GqlResult<any> | undefined;
    const token = await freshToken(suite.app, suite.world.users.ownerA);
    const counted = await countQueries(suite.app.orm, async () => {
      result = await suite.app.gql(query, variables, token);
    });
    expect(result!.errors).toBeUndefined();
    return { result: result!, count: counted.count, statements: counted.statements };
  }

  it('a page of 100 operation runs with workspace, tenant and initiator issues the same small number of statements as a page of 10', async () => {
    const large = await measure(RUNS, { workspaceId: suite.world.workspaceA, first: 100 });
    const small = await measure(RUNS, { workspaceId: suite.world.workspaceA, first: 10 });

    const edges = large.result.data.operationRuns.edges as { node: { workspace: { name: string }; tenant: { name: string }; initiator: { email: string } } }[];
    expect(edges).toHaveLength(100);
    expect(new Set(edges.map((edge) => edge.node.tenant.name)).size).toBe(100);
    expect(new Set(edges.map((edge) => edge.node.initiator.email)).size).toBe(100);
    expect(edges.every((edge) => edge.node.workspace.name === 'Workspace A')).toBe(true);
    expect(small.result.data.operationRuns.edges).toHaveLength(10);

    expect(large.count).toBeLessThanOrEqual(MAX_STATEMENTS);
    expect(small.count).toBe(large.count);
  });

  it('a page of 100 tenants with workspace and assigned baseline profile issues the same small number of statements as a page of 10', async () => {
    const large = await measure(TENANTS, { id: suite.world.workspaceA, first: 100 });
    const small = await measure(TENANTS, { id: suite.world.workspaceA, first: 10 });

    const edges = large.result.data.workspace.tenants.edges as { node: { workspace: { name: string }; assignedBaselineProfile: { name: string } | null } }[];
    expect(edges).toHaveLength(100);
    expect(new Set(edges.map((edge) => edge.node.assignedBaselineProfile?.name)).size).toBeGreaterThanOrEqual(99);
    expect(edges.every((edge) => edge.node.workspace.name === 'Workspace A')).toBe(true);
    expect(small.result.data.workspace.tenants.edges).toHaveLength(10);

    expect(large.count).toBeLessThanOrEqual(MAX_STATEMENTS);
    expect(small.count).toBe(large.count);
  });
});

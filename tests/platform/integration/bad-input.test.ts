import { afterEach, describe, expect, it, vi } from 'vitest';
import { newId } from '../../../src/platform/ids.js';
import type { GqlResult } from '../../support/test-app.js';
import { useApp } from '../../support/use-app.js';

const ME = `query { me { user { id } } }`;

/** A tenants/workspace chain `cycles` times deep, ending in `leaf`. */
function nestedQuery(cycles: number, leaf: string): string {
  let selection = leaf;
  for (let i = 0; i < cycles; i++) selection = `workspace { tenants(first: 1) { edges { node { ${selection} } } } }`;
  return `query Deep($id: ID!) { tenant(id: $id) { ${selection} } }`;
}

function expectBadInput(result: GqlResult<unknown>, message: string | RegExp) {
  expect(result.errors).toHaveLength(1);
  expect(result.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
  if (typeof message === 'string') expect(result.errors![0]!.message).toBe(message);
  else expect(result.errors![0]!.message).toMatch(message);
}

describe('bad input', () => {
  const suite = useApp();

  // Every bad request below must leave the server serving: a valid query right after it succeeds.
  afterEach(async () => {
    const result = await suite.gql(ME, {});
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ me: { user: { id: suite.world.users.ownerA } } });
  });

  describe('query depth', () => {
    it('a query nested deeper than the maximum of 12 is rejected with BAD_USER_INPUT before it runs', async () => {
      // tenant(1) + 3 × workspace/tenants/edges/node(13) + name(14)
      const result = await suite.gql(nestedQuery(3, 'name'), { id: suite.world.tenantA1 });
      expect(result.status).toBe(400);
      expect(result.data).toBeUndefined();
      expectBadInput(result, 'The operation is nested 14 levels deep; the maximum is 12. Split it into smaller queries.');
    });

    it('depth is counted through fragments too', async () => {
      const query = `
        query Deep($id: ID!) { tenant(id: $id) { ...T } }
        fragment T on Tenant { workspace { tenants(first: 1) { edges { node { ...U } } } } }
        fragment U on Tenant { workspace { tenants(first: 1) { edges { node { ...V } } } } }
        fragment V on Tenant { workspace { tenants(first: 1) { edges { node { name } } } } }`;
      expectBadInput(await suite.gql(query, { id: suite.world.tenantA1 }), /nested 14 levels deep; the maximum is 12/);
    });

    it('a query exactly at the maximum depth runs', async () => {
      // tenant(1) + 2 × workspace/tenants/edges/node(9) + assignedBaselineProfile/workspace/name(12)
      const result = await suite.gql(nestedQuery(2, 'assignedBaselineProfile { workspace { name } }'), { id: suite.world.tenantA1 });
      expect(result.errors).toBeUndefined();
      expect(result.data).toHaveProperty('tenant.workspace.tenants.edges');
    });

    it('an operation selecting more than 1500 fields through aliases is rejected with BAD_USER_INPUT before it runs', async () => {
      const aliases = Array.from({ length: 600 }, (_, n) => `a${n}: me { user { id } }`).join(' ');
      const result = await suite.gql(`query { ${aliases} }`, {});
      expect(result.status).toBe(400);
      expect(result.data).toBeUndefined();
      expectBadInput(result, 'The operation selects more than 1500 fields; request fewer fields or aliases per operation.');
    });

    it('a document longer than the token limit is refused as a parse error instead of exhausting the parser', async () => {
      const result = await suite.gql(`query { ${'me { user { id } } '.repeat(4000)} }`, {});
      expect(result.status).toBe(400);
      expect(result.errors![0]!.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(result.errors![0]!.message).toMatch(/Document contains more (than|that) 20000 tokens/);
    });

    it('other validation errors keep the code GRAPHQL_VALIDATION_FAILED', async () => {
      const result = await suite.gql(`query { me { user { shoeSize } } }`, {});
      expect(result.status).toBe(400);
      expect(result.errors![0]!.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(result.errors![0]!.message).toContain('Cannot query field "shoeSize" on type "User".');
    });

    it('a query that does not parse keeps the code GRAPHQL_PARSE_FAILED', async () => {
      const result = await suite.gql(`query { me { `, {});
      expect(result.status).toBe(400);
      expect(result.errors![0]!.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    });
  });

  describe('request bodies', () => {
    it('a body that is not valid JSON gets 400 with BAD_USER_INPUT', async () => {
      const response = await fetch(suite.app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${suite.token}` },
        body: '{"query": "query { me { user { id } } }"',
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_USER_INPUT' } }],
      });
    });
  });

  describe('IDs', () => {
    it.each([
      ['workspace', `query($id: ID!) { workspace(id: $id) { id } }`],
      ['tenant', `query($id: ID!) { tenant(id: $id) { id } }`],
      ['baselineProfile', `query($id: ID!) { baselineProfile(id: $id) { id } }`],
      ['baselineSnapshot', `query($id: ID!) { baselineSnapshot(id: $id) { id } }`],
      ['operationRun', `query($id: ID!) { operationRun(id: $id) { id } }`],
    ])('%s(id:) with something other than a UUID is BAD_USER_INPUT', async (_field, query) => {
      for (const id of ['42', 'not-a-uuid', `' or 1=1 --`, `${suite.world.tenantA1}x`]) {
        expectBadInput(await suite.gql(query, { id }), '"id" is not a valid ID. IDs are UUIDs returned by this API.');
      }
    });

    it('an invalid ID inside an input object names the input field', async () => {
      const result = await suite.gql(`mutation($input: CreateTenantInput!) { createTenant(input: $input) { id } }`, {
        input: { workspaceId: 'workspace-a', name: 'New', externalTenantId: 'new.example' },
      });
      expectBadInput(result, '"workspaceId" is not a valid ID. IDs are UUIDs returned by this API.');
      expect(result.errors![0]!.extensions?.problems).toEqual([{ field: 'workspaceId', message: 'not a valid ID' }]);
    });

    it('an invalid ID in a list filter is BAD_USER_INPUT', async () => {
      const result = await suite.gql(
        `query($ws: ID!, $tenants: [ID!]) { operationRuns(workspaceId: $ws, filter: { tenantId: $tenants }) { edges { cursor } } }`,
        { ws: suite.world.workspaceA, tenants: [suite.world.tenantA1, 'nope'] },
      );
      expectBadInput(result, '"filter.tenantId" is not a valid ID. IDs are UUIDs returned by this API.');
    });
  });

  describe('variables', () => {
    it('an enum variable with a value the enum does not have is BAD_USER_INPUT naming the enum', async () => {
      const query = `query($id: ID!, $status: [TenantStatus!]) { workspace(id: $id) { tenants(filter: { status: $status }) { edges { cursor } } } }`;
      for (const status of ['DELETED', 'active']) {
        expectBadInput(
          await suite.gql(query, { id: suite.world.workspaceA, status: [status] }),
          new RegExp(`"${status}" does not exist in "TenantStatus" enum`),
        );
      }
    });

    it('a variable of the wrong type is BAD_USER_INPUT', async () => {
      const query = `query($id: ID!, $first: Int) { workspace(id: $id) { tenants(first: $first) { edges { cursor } } } }`;
      expectBadInput(await suite.gql(query, { id: suite.world.workspaceA, first: 'ten' }), /Variable "\$first" got invalid value "ten"/);
      expectBadInput(await suite.gql(query, { id: suite.world.workspaceA, first: 2 ** 31 }), /Variable "\$first" got invalid value 2147483648/);
    });

    it('a missing required variable is BAD_USER_INPUT', async () => {
      expectBadInput(await suite.gql(`query($id: ID!) { workspace(id: $id) { id } }`, {}), /Variable "\$id" of required type "ID!" was not provided/);
    });
  });

  describe('list inputs', () => {
    it('a run filter listing more than 100 tenant IDs is BAD_USER_INPUT naming the limit', async () => {
      const result = await suite.gql(
        `query($ws: ID!, $tenants: [ID!]) { operationRuns(workspaceId: $ws, filter: { tenantId: $tenants }) { edges { cursor } } }`,
        { ws: suite.world.workspaceA, tenants: Array.from({ length: 101 }, () => newId()) },
      );
      expectBadInput(result, 'filter.tenantId may list at most 100 IDs; got 101.');
    });

    it('a run filter listing more than 50 types is BAD_USER_INPUT', async () => {
      const result = await suite.gql(`query($ws: ID!, $types: [String!]) { operationRuns(workspaceId: $ws, filter: { type: $types }) { edges { cursor } } }`, {
        ws: suite.world.workspaceA,
        types: Array.from({ length: 51 }, (_, i) => `type_${i}`),
      });
      expectBadInput(result, 'filter.type may list at most 50 types.');
    });

    it('a baseline scope with more than 100 policy types is BAD_USER_INPUT', async () => {
      const result = await suite.gql(`mutation($input: CreateBaselineProfileInput!) { createBaselineProfile(input: $input) { id } }`, {
        input: { workspaceId: suite.world.workspaceA, name: 'Too wide', scope: { policyTypes: Array.from({ length: 101 }, (_, i) => `type${i}`) } },
      });
      expectBadInput(result, 'A baseline scope may list at most 100 policy types.');
    });
  });

  describe('text the database cannot store', () => {
    it('a NUL character in a tenant name filter is BAD_USER_INPUT', async () => {
      const result = await suite.gql(
        `query($id: ID!, $name: String) { workspace(id: $id) { tenants(filter: { nameContains: $name }) { edges { cursor } } } }`,
        { id: suite.world.workspaceA, name: 'Al\u0000pha' },
      );
      expectBadInput(result, 'filter.nameContains must not contain control characters.');
    });

    it('a NUL character in a profile description is BAD_USER_INPUT', async () => {
      const result = await suite.gql(`mutation($input: CreateBaselineProfileInput!) { createBaselineProfile(input: $input) { id } }`, {
        input: { workspaceId: suite.world.workspaceA, name: 'Described', description: 'a\u0000b', scope: { policyTypes: ['deviceConfiguration'] } },
      });
      expectBadInput(result, 'description must not contain NUL characters.');
      expect(result.errors![0]!.extensions?.problems).toEqual([{ field: 'description', message: 'description must not contain NUL characters.' }]);
    });

    it('a NUL character in a member email is BAD_USER_INPUT', async () => {
      const result = await suite.gql(`mutation($input: AddWorkspaceMemberInput!) { addWorkspaceMember(input: $input) { role } }`, {
        input: { workspaceId: suite.world.workspaceA, email: 'nul\u0000@example.com', role: 'READONLY' },
      });
      expectBadInput(result, '"nul\u0000@example.com" is not a valid email address.');
    });

    it('half a surrogate pair in an inventory item is BAD_USER_INPUT naming the item, and nothing of the report is stored', async () => {
      const countItems = async () =>
        Number(
          (
            await suite.app
              .em()
              .getConnection()
              .execute<{ count: string }[]>('select count(*) from inventory_items where tenant_id = ?', [suite.world.tenantA2])
          )[0]!.count,
        );
      const before = await countItems();
      const result = await suite.gql(`mutation($input: ReportInventoryInput!) { reportInventory(input: $input) { received } }`, {
        input: {
          tenantId: suite.world.tenantA2,
          complete: false,
          items: [
            { policyType: 'deviceConfiguration', externalId: 'fine', displayName: 'Fine 🚀', payload: { ok: true } },
            { policyType: 'deviceConfiguration', externalId: 'broken', displayName: 'Broken \ud800', payload: { note: 'half \udc00' } },
          ],
        },
      });
      expectBadInput(result, 'The report was rejected: 2 problem(s) in items; nothing was stored.');
      expect(result.errors![0]!.extensions?.problems).toEqual([
        { index: 1, field: 'displayName', message: 'displayName must be valid Unicode text (it contains an unpaired surrogate).' },
        { index: 1, field: 'payload', message: 'payload must be valid Unicode text (it contains an unpaired surrogate).' },
      ]);
      expect(await countItems()).toBe(before);
    });

    it('half a surrogate pair in a profile description is BAD_USER_INPUT', async () => {
      const result = await suite.gql(`mutation($input: CreateBaselineProfileInput!) { createBaselineProfile(input: $input) { id } }`, {
        input: { workspaceId: suite.world.workspaceA, name: 'Half', description: 'half \ud800', scope: { policyTypes: ['deviceConfiguration'] } },
      });
      expectBadInput(result, 'description must be valid Unicode text (it contains an unpaired surrogate).');
    });
  });

  describe('federation representations', () => {
    const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { __typename } }`;
    const ENTITY_NAMES = 'BaselineProfile, BaselineSnapshot, OperationRun, Tenant, Workspace';

    it('a representation whose __typename is not an entity here is BAD_USER_INPUT naming it and the entities', async () => {
      const result = await suite.gql(ENTITIES, {
        r: [{ __typename: 'Tenant', id: suite.world.tenantA1 }, { __typename: 'Invoice', id: suite.world.tenantA1 }, { id: suite.world.tenantA1 }],
      });
      expectBadInput(result, `Every representation must be an object whose __typename is an entity of this subgraph (${ENTITY_NAMES}).`);
      expect(result.errors![0]!.extensions!.problems).toEqual([
        { field: 'representations[1].__typename', message: `must be one of ${ENTITY_NAMES}` },
        { field: 'representations[2].__typename', message: `must be one of ${ENTITY_NAMES}` },
      ]);
    });

    it('a representation that is not an object is BAD_USER_INPUT, listing at most 20 problems', async () => {
      const result = await suite.gql(ENTITIES, { r: Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? 'Tenant' : [1])) });
      expectBadInput(result, /^Every representation must be an object/);
      const problems = result.errors![0]!.extensions!.problems as { field: string }[];
      expect(problems).toHaveLength(20);
      expect(problems[0]).toEqual({ field: 'representations[0]', message: 'must be an object with __typename and the key fields' });
    });
  });

  describe('internal errors', () => {
    it('are masked with a reference id, logged with their details, and the server recovers', async () => {
      const written: string[] = [];
      const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      });
      const connection = suite.app.em().getConnection();
      await connection.execute('alter table inventory_items rename to inventory_items_hidden');
      let result: GqlResult<any>;
      try {
        result = await suite.gql(`query($id: ID!) { tenant(id: $id) { name inventory { edges { cursor } } } }`, { id: suite.world.tenantA1 });
      } finally {
        await connection.execute('alter table inventory_items_hidden rename to inventory_items');
        spy.mockRestore();
      }

      expect(result.data).toEqual({ tenant: null });
      expect(result.errors).toHaveLength(1);
      const [error] = result.errors!;
      expect(error!.message).toMatch(/^Internal server error \(reference [0-9a-f-]{36}\)\.$/);
      expect(error!.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(error!.path).toEqual(['tenant', 'inventory']);
      const body = JSON.stringify(result);
      for (const leak of ['inventory_items', 'select', 'relation', 'stack', '.ts:', 'node_modules']) expect(body).not.toContain(leak);

      const logged = written.find((line) => line.includes(error!.extensions!.errorId as string));
      expect(logged).toBeDefined();
      expect(logged).toContain('relation \\"inventory_items\\" does not exist');

      const again = await suite.gql(`query($id: ID!) { tenant(id: $id) { name inventory { edges { cursor } } } }`, { id: suite.world.tenantA1 });
      expect(again.errors).toBeUndefined();
      expect(again.data).toEqual({ tenant: { name: 'Alpha', inventory: { edges: [] } } });
    });
  });
});

describe('request body limit', () => {
  const suite = useApp({ env: { MAX_BODY_BYTES: '2048' } });

  it('a body over MAX_BODY_BYTES gets 413 with BAD_USER_INPUT and the limit, and the server keeps serving', async () => {
    const result = await suite.gql(`query($id: ID!) { tenant(id: $id) { name } }`, { id: suite.world.tenantA1, padding: 'x'.repeat(2048) });
    expect(result.status).toBe(413);
    expectBadInput(result, 'The request body exceeds 2048 bytes; send smaller batches.');

    const after = await suite.gql(`query($id: ID!) { tenant(id: $id) { name } }`, { id: suite.world.tenantA1 });
    expect(after.status).toBe(200);
    expect(after.data).toEqual({ tenant: { name: 'Alpha' } });
  });
});

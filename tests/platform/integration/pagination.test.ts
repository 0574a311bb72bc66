import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../../../src/platform/cursor.js';
import { insertRuns, insertTenants } from '../../support/bulk-fixtures.js';
import { useApp } from '../../support/use-app.js';

const TENANTS_PAGE = `
  query Tenants($id: ID!, $first: Int, $after: String) {
    workspace(id: $id) {
      tenants(first: $first, after: $after) {
        edges { cursor node { id name } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }
  }`;

const RUNS_PAGE = `
  query Runs($workspaceId: ID!, $first: Int, $after: String) {
    operationRuns(workspaceId: $workspaceId, first: $first, after: $after) {
      edges { cursor node { id } }
      pageInfo { hasNextPage hasPreviousPage endCursor }
    }
  }`;

interface Page {
  ids: string[];
  endCursor: string | null;
  hasNextPage: boolean;
}

describe('pagination', () => {
  const suite = useApp();

  async function tenantsPage(first: number, after: string | null): Promise<Page & { names: string[] }> {
    const result = await suite.gql(TENANTS_PAGE, { id: suite.world.workspaceA, first, after });
    expect(result.errors).toBeUndefined();
    const connection = result.data.workspace.tenants;
    return {
      ids: connection.edges.map((edge: { node: { id: string } }) => edge.node.id),
      names: connection.edges.map((edge: { node: { name: string } }) => edge.node.name),
      endCursor: connection.pageInfo.endCursor,
      hasNextPage: connection.pageInfo.hasNextPage,
    };
  }

  async function runsPage(first: number, after: string | null): Promise<Page> {
    const result = await suite.gql(RUNS_PAGE, { workspaceId: suite.world.workspaceA, first, after });
    expect(result.errors).toBeUndefined();
    const connection = result.data.operationRuns;
    return {
      ids: connection.edges.map((edge: { node: { id: string } }) => edge.node.id),
      endCursor: connection.pageInfo.endCursor,
      hasNextPage: connection.pageInfo.hasNextPage,
    };
  }

  /** Reads every page, calling `between` after each one, and returns the ids in the order they were served. */
  async function readAll(fetch: (after: string | null) => Promise<Page>, between: (pageIndex: number) => Promise<void>): Promise<string[]> {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pageIndex = 0; ; pageIndex++) {
      const page = await fetch(after);
      seen.push(...page.ids);
      if (!page.hasNextPage) return seen;
      expect(page.endCursor).not.toBeNull();
      after = page.endCursor;
      await between(pageIndex);
    }
  }

  function expectEachExactlyOnce(seen: string[], existing: string[]) {
    expect(new Set(seen).size).toBe(seen.length);
    const served = new Set(seen);
    expect(existing.filter((id) => !served.has(id))).toEqual([]);
  }

  it('workspace.tenants serves every existing tenant exactly once while tenants are created between pages', async () => {
    const names = Array.from({ length: 47 }, (_, i) => `Tenant ${String(i * 2).padStart(3, '0')}`);
    const existing = [suite.world.tenantA1, suite.world.tenantA2, ...(await insertTenants(suite.app.em(), suite.world.workspaceA, names))];
    const created: string[] = [];

    const seen = await readAll(
      (after) => tenantsPage(10, after),
      async (pageIndex) => {
        // One tenant sorts into pages already served, one into pages still to come, one ties on name.
        const position = String(pageIndex * 20 + 1).padStart(3, '0');
        const ahead = String(pageIndex * 20 + 41).padStart(3, '0');
        created.push(...(await insertTenants(suite.app.em(), suite.world.workspaceA, [`Tenant ${position}`, `Tenant ${ahead}`, names[pageIndex * 5]!])));
      },
    );

    expectEachExactlyOnce(seen, existing);
    expect(seen.length).toBeGreaterThan(existing.length);
    expect(seen.filter((id) => !existing.includes(id) && !created.includes(id))).toEqual([]);
  });

  it('workspace.tenants pages are ordered by name across page boundaries', async () => {
    const first = await tenantsPage(20, null);
    const second = await tenantsPage(20, first.endCursor);
    const names = [...first.names, ...second.names];
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('operationRuns serves every existing run exactly once, newest first, while runs are created between pages', async () => {
    const base = Date.now() - 60_000;
    const existing = await insertRuns(
      suite.app.em(),
      Array.from({ length: 55 }, (_, i) => ({ workspaceId: suite.world.workspaceA, tenantId: suite.world.tenantA1, idTime: base + i * 10 })),
    );

    const seen = await readAll(
      (after) => runsPage(10, after),
      async (pageIndex) => {
        // A brand-new run (newest of all), and runs that fall between existing ones already served and still to come.
        await insertRuns(suite.app.em(), [
          { workspaceId: suite.world.workspaceA },
          { workspaceId: suite.world.workspaceA, idTime: base + (54 - pageIndex * 10) * 10 + 5 },
          { workspaceId: suite.world.workspaceA, idTime: base + (54 - pageIndex * 10 - 25) * 10 + 5 },
        ]);
      },
    );

    expectEachExactlyOnce(seen, existing);
    expect(seen).toEqual([...seen].sort().reverse());
  });

  it('the last page reports no next page and the first page no previous page', async () => {
    const result = await suite.gql(TENANTS_PAGE, { id: suite.world.workspaceA, first: 200, after: null });
    expect(result.data.workspace.tenants.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });

  describe('rejects bad arguments with BAD_USER_INPUT and a message naming the fix', () => {
    async function expectBadInput(query: string, variables: Record<string, unknown>, message: string, field: string) {
      const result = await suite.gql(query, variables);
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field }] });
      expect(result.errors![0]!.message).toBe(message);
    }

    const CURSOR_MESSAGE = 'The "after" cursor is not valid for this list; use an endCursor returned by this field.';

    it.each([0, -1, 201])('first: %i', async (first) => {
      const message = `"first" must be between 1 and 200; got ${first}.`;
      await expectBadInput(TENANTS_PAGE, { id: suite.world.workspaceA, first }, message, 'first');
      await expectBadInput(RUNS_PAGE, { workspaceId: suite.world.workspaceA, first }, message, 'first');
    });

    it('a cursor that is not a cursor', async () => {
      await expectBadInput(TENANTS_PAGE, { id: suite.world.workspaceA, after: 'not a cursor' }, CURSOR_MESSAGE, 'after');
      await expectBadInput(RUNS_PAGE, { workspaceId: suite.world.workspaceA, after: 'bm90LWpzb24' }, CURSOR_MESSAGE, 'after');
    });

    it('a cursor from another list', async () => {
      const tenantCursor = (await tenantsPage(1, null)).endCursor;
      const runCursor = (await runsPage(1, null)).endCursor;
      await expectBadInput(RUNS_PAGE, { workspaceId: suite.world.workspaceA, after: tenantCursor }, CURSOR_MESSAGE, 'after');
      await expectBadInput(TENANTS_PAGE, { id: suite.world.workspaceA, after: runCursor }, CURSOR_MESSAGE, 'after');
    });

    it('a well-formed cursor whose keys do not fit the list (forged or edited)', async () => {
      await expectBadInput(RUNS_PAGE, { workspaceId: suite.world.workspaceA, after: encodeCursor('operationRuns', ['not-a-uuid']) }, CURSOR_MESSAGE, 'after');
      await expectBadInput(TENANTS_PAGE, { id: suite.world.workspaceA, after: encodeCursor('tenants', ['Alpha', '42']) }, CURSOR_MESSAGE, 'after');
      await expectBadInput(
        TENANTS_PAGE,
        { id: suite.world.workspaceA, after: encodeCursor('tenants', ['nul\u0000byte', suite.world.tenantA1]) },
        CURSOR_MESSAGE,
        'after',
      );
    });
  });
});

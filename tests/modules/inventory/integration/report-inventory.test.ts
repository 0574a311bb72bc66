import { beforeAll, describe, expect, it } from 'vitest';
import { contentHash } from '../../../../src/platform/canonical-json.js';
import { InventoryItemSchema } from '../../../../src/modules/inventory/entities/inventory-item.js';
import { TenantSchema } from '../../../../src/modules/tenants/entities/tenant.js';
import { insertTenants } from '../../../support/bulk-fixtures.js';
import { countQueries, type GqlResult } from '../../../support/test-app.js';
import { useApp } from '../../../support/use-app.js';

const REPORT = `
  mutation Report($input: ReportInventoryInput!) {
    reportInventory(input: $input) { tenant { id } syncToken received inserted updated unchanged removed }
  }`;

const INVENTORY = `
  query Inventory($id: ID!, $first: Int, $after: String, $includeRemoved: Boolean) {
    tenant(id: $id) {
      inventory(first: $first, after: $after, filter: { includeRemoved: $includeRemoved }) {
        edges { node { id policyType externalId displayName contentHash payload removedAt } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }`;

interface ItemInput {
  policyType: string;
  externalId: string;
  displayName: string;
  payload: unknown;
}

const item = (externalId: string, payload: unknown = { id: externalId, enabled: true }, policyType = 'deviceConfiguration'): ItemInput => ({
  policyType,
  externalId,
  displayName: `Policy ${externalId}`,
  payload,
});

describe('reportInventory', () => {
  const suite = useApp();
  let operatorToken: string;

  beforeAll(async () => {
    operatorToken = await suite.app.token(suite.world.users.operatorA);
  });

  async function newTenant(name: string): Promise<string> {
    const [id] = await insertTenants(suite.app.em(), suite.world.workspaceA, [name]);
    return id!;
  }

  async function report(tenantId: string, items: ItemInput[], options: { syncToken?: string; complete?: boolean; as?: string } = {}) {
    return suite.app.gql(REPORT, { input: { tenantId, syncToken: options.syncToken, complete: options.complete ?? false, items } }, options.as ?? suite.token);
  }

  async function storedRows(tenantId: string) {
    const rows = await suite.app.em().find(InventoryItemSchema, { tenant: tenantId }, { orderBy: { policyType: 'asc', externalId: 'asc' } });
    return rows.map((row) => ({
      id: row.id,
      policyType: row.policyType,
      externalId: row.externalId,
      displayName: row.displayName,
      contentHash: row.contentHash,
      payload: row.payload,
      removedAt: row.removedAt,
    }));
  }

  it('the same report twice leaves identical rows and counts inserted, then unchanged', async () => {
    const tenantId = await newTenant('Idempotent');
    const items = [item('a'), item('b', { nested: { z: 1, a: [1, { y: 2, x: 3 }] } }), item('a', { other: true }, 'compliancePolicy')];

    const first = await report(tenantId, items);
    expect(first.errors).toBeUndefined();
    expect(first.data.reportInventory).toMatchObject({ tenant: { id: tenantId }, received: 3, inserted: 3, updated: 0, unchanged: 0, removed: 0 });
    const afterFirst = await storedRows(tenantId);

    const second = await report(tenantId, items);
    expect(second.data.reportInventory).toMatchObject({ received: 3, inserted: 0, updated: 0, unchanged: 3, removed: 0 });
    expect(await storedRows(tenantId)).toEqual(afterFirst);

    expect(afterFirst).toHaveLength(3);
    expect(afterFirst.find((row) => row.externalId === 'b')).toMatchObject({
      contentHash: contentHash({ nested: { z: 1, a: [1, { y: 2, x: 3 }] } }),
      payload: { nested: { z: 1, a: [1, { y: 2, x: 3 }] } },
    });
  });

  it('a payload with the same content in another key order is unchanged', async () => {
    const tenantId = await newTenant('Key order');
    await report(tenantId, [item('a', { first: 1, second: { b: 2, a: 1 } })]);
    const again = await report(tenantId, [item('a', { second: { a: 1, b: 2 }, first: 1 })]);
    expect(again.data.reportInventory).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
  });

  it('a changed payload or display name counts as updated and is stored, keeping the row id', async () => {
    const tenantId = await newTenant('Changes');
    await report(tenantId, [item('a'), item('b'), item('c')]);
    const before = await storedRows(tenantId);

    const changed = await report(tenantId, [item('a', { id: 'a', enabled: false }), { ...item('b'), displayName: 'Renamed' }, item('c')]);
    expect(changed.data.reportInventory).toMatchObject({ received: 3, inserted: 0, updated: 2, unchanged: 1 });

    const after = await storedRows(tenantId);
    expect(after.map((row) => row.id)).toEqual(before.map((row) => row.id));
    expect(after[0]).toMatchObject({ payload: { id: 'a', enabled: false }, contentHash: contentHash({ id: 'a', enabled: false }) });
    expect(after[1]!.displayName).toBe('Renamed');
    expect(after[2]).toEqual(before[2]);
  });

  it('a complete session spread over two calls marks items it did not report as removed; inventory hides them unless includeRemoved', async () => {
    const tenantId = await newTenant('Session');
    await report(tenantId, [item('keep-1'), item('keep-2'), item('gone-1'), item('gone-2'), item('gone-3')], { complete: true });

    const start = await report(tenantId, [item('keep-1')], { complete: false });
    const syncToken = start.data.reportInventory.syncToken as string;
    expect(start.data.reportInventory.removed).toBe(0);
    const finish = await report(tenantId, [item('keep-2'), item('new-1')], { syncToken, complete: true });
    expect(finish.errors).toBeUndefined();
    expect(finish.data.reportInventory).toMatchObject({ syncToken, received: 2, inserted: 1, unchanged: 1, removed: 3 });

    const visible = await suite.gql(INVENTORY, { id: tenantId });
    expect(visible.data.tenant.inventory.edges.map((edge: { node: { externalId: string } }) => edge.node.externalId)).toEqual(['keep-1', 'keep-2', 'new-1']);

    const all = await suite.gql(INVENTORY, { id: tenantId, includeRemoved: true });
    const nodes = all.data.tenant.inventory.edges.map((edge: { node: { externalId: string; removedAt: string | null } }) => edge.node);
    expect(nodes.map((node: { externalId: string }) => node.externalId)).toEqual(['gone-1', 'gone-2', 'gone-3', 'keep-1', 'keep-2', 'new-1']);
    expect(nodes.filter((node: { removedAt: string | null }) => node.removedAt !== null).map((node: { externalId: string }) => node.externalId)).toEqual([
      'gone-1',
      'gone-2',
      'gone-3',
    ]);
  });

  it('a removed item that is reported again is restored and counts as updated', async () => {
    const tenantId = await newTenant('Restore');
    await report(tenantId, [item('a'), item('b')], { complete: true });
    await report(tenantId, [item('a')], { complete: true });
    const back = await report(tenantId, [item('a'), item('b')], { complete: true });
    expect(back.data.reportInventory).toMatchObject({ inserted: 0, updated: 1, unchanged: 1, removed: 0 });
    expect((await storedRows(tenantId)).every((row) => row.removedAt === null)).toBe(true);
  });

  it('malformed items are rejected with one problem per defect naming the item index, and nothing is stored', async () => {
    const tenantId = await newTenant('Malformed');
    await report(tenantId, [item('existing')]);
    const before = await storedRows(tenantId);

    const result = await report(
      tenantId,
      [item('fine'), item('bad type', undefined, 'not a type'), { ...item('x'), displayName: '  ' }, item('list', [1, 2]), item('fine'), item('fresh')],
      { complete: true },
    );
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.message).toBe('The report was rejected: 4 problem(s) in items; nothing was stored.');
    expect(result.errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      problems: [
        { index: 1, field: 'policyType', message: 'policyType must be 1-200 characters of letters, digits and _ . : / -.' },
        { index: 2, field: 'displayName', message: 'displayName must not be empty.' },
        { index: 3, field: 'payload', message: 'payload must be a JSON object.' },
        { index: 4, field: 'externalId', message: 'Duplicate of item 0 (same policyType and externalId).' },
      ],
    });
    expect(await storedRows(tenantId)).toEqual(before);
  });

  it('a payload over 256 KiB is rejected for that item', async () => {
    const tenantId = await newTenant('Oversized');
    const result = await report(tenantId, [item('small'), item('huge', { blob: 'x'.repeat(256 * 1024) })]);
    expect(result.errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      problems: [{ index: 1, field: 'payload', message: 'payload must be at most 256 KiB of JSON.' }],
    });
    expect(await storedRows(tenantId)).toEqual([]);
  });

  it('a payload containing a NUL character, which PostgreSQL cannot store, is rejected for that item', async () => {
    const tenantId = await newTenant('Nul payload');
    const result = await report(tenantId, [item('a', { text: 'before\u0000after' }), item('b', { ['key\u0000']: 1 })]);
    expect(result.errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      problems: [
        { index: 0, field: 'payload', message: 'payload must not contain NUL (\\u0000) characters.' },
        { index: 1, field: 'payload', message: 'payload must not contain NUL (\\u0000) characters.' },
      ],
    });
    expect(await storedRows(tenantId)).toEqual([]);
  });

  it('a payload nested deeper than 64 levels is rejected for that item, however deep it goes', async () => {
    const tenantId = await newTenant('Deep payload');
    for (const depth of [64, 100_000]) {
      // Written out by hand: JSON.stringify itself cannot serialize 100,000 levels.
      const payload = `{"deep":${'['.repeat(depth)}1${']'.repeat(depth)}}`;
      const input = `{"tenantId":"${tenantId}","complete":false,"items":[{"policyType":"t","externalId":"deep","displayName":"Deep","payload":${payload}}]}`;
      const response = await fetch(suite.app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${suite.token}` },
        body: `{"query":${JSON.stringify(REPORT)},"variables":{"input":${input}}}`,
      });
      const result = (await response.json()) as { errors?: { extensions: unknown }[] };
      expect(result.errors![0]!.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        problems: [{ index: 0, field: 'payload', message: 'payload must not nest deeper than 64 levels.' }],
      });
    }
    expect(await storedRows(tenantId)).toEqual([]);
  });

  it('an invalid syncToken is BAD_USER_INPUT', async () => {
    const tenantId = await newTenant('Bad token');
    const result = await report(tenantId, [item('a')], { syncToken: 'resume-please' });
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'syncToken' }] });
    expect(result.errors![0]!.message).toBe('syncToken must be a token returned by an earlier reportInventory call.');
  });

  it('an archived tenant accepts no inventory', async () => {
    const tenantId = await newTenant('Archived');
    const em = suite.app.em();
    await em.nativeUpdate(TenantSchema, { id: tenantId }, { status: 'archived', archivedAt: new Date() });
    const result = await report(tenantId, [item('a')]);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'tenantId', message: 'tenant is archived' }] });
    expect(result.errors![0]!.message).toBe('This tenant is archived and accepts no inventory.');
    expect(await storedRows(tenantId)).toEqual([]);
  });

  it('an operator may report for a granted tenant only', async () => {
    const granted = await report(suite.world.tenantA1, [item('a')], { as: operatorToken });
    expect(granted.errors).toBeUndefined();
    const ungranted = await report(suite.world.tenantA2, [item('a')], { as: operatorToken });
    expect(ungranted.errors![0]!.extensions?.code).toBe('NOT_FOUND');
  });

  it('10,000 items in one call are stored with one batched upsert, not a statement per row', async () => {
    const tenantId = await newTenant('Large');
    const items = Array.from({ length: 10_000 }, (_, i) => item(`p-${String(i).padStart(5, '0')}`, { index: i, settings: { a: i % 7, b: `v${i}` } }));

    let result: Awaited<ReturnType<typeof report>> | undefined;
    const first = await countQueries(suite.app.orm, async () => {
      result = await report(tenantId, items, { complete: true });
    });
    expect(result!.errors).toBeUndefined();
    expect(result!.data.reportInventory).toMatchObject({ received: 10_000, inserted: 10_000, updated: 0, unchanged: 0, removed: 0 });
    expect(first.count).toBeLessThanOrEqual(10);
    expect(first.statements.filter((sql) => /insert\s+into/i.test(sql))).toHaveLength(2);
    expect(first.statements.filter((sql) => /insert\s+into\s+"?inventory_items/i.test(sql))).toHaveLength(1);

    const second = await countQueries(suite.app.orm, async () => {
      result = await report(tenantId, items, { complete: true });
    });
    expect(result!.data.reportInventory).toMatchObject({ received: 10_000, inserted: 0, unchanged: 10_000, removed: 0 });
    expect(second.count).toBe(first.count);

    const stored = await suite.app.em().count(InventoryItemSchema, { tenant: tenantId, removedAt: null });
    expect(stored).toBe(10_000);
  });

  it('10,001 items in one call are refused with advice to split the report, and nothing is stored', async () => {
    const tenantId = await newTenant('Too large');
    const items = Array.from({ length: 10_001 }, (_, i) => item(`p-${i}`));
    const result = await report(tenantId, items);
    expect(result.errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      problems: [{ field: 'items', message: 'A report may contain at most 10000 items per call; split it across calls with the same syncToken.' }],
    });
    expect(await storedRows(tenantId)).toEqual([]);
  });

  it('inventory pages through items in policyType, then externalId order without duplicates or gaps', async () => {
    const tenantId = await newTenant('Paged');
    const items = ['b', 'a', 'c'].flatMap((type) => ['2', '10', '1'].map((id) => item(`${type}-${id}`, undefined, `type.${type}`)));
    await report(tenantId, items);

    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: GqlResult<any> = await suite.gql(INVENTORY, { id: tenantId, first: 2, after });
      const connection = page.data.tenant.inventory;
      seen.push(...connection.edges.map((edge: { node: { policyType: string; externalId: string } }) => `${edge.node.policyType}/${edge.node.externalId}`));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    const expected = items.map((i) => `${i.policyType}/${i.externalId}`).sort();
    expect(seen).toEqual(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { newId } from '../../../../src/platform/ids.js';
import { AuditLogSchema } from '../../../../src/app/audit-entity.js';
import { TenantConnectorCredentialSchema } from '../../../../src/modules/inventory/entities/tenant-connector-credential.js';
import { ACTORS } from '../../../support/authorization-cases.js';
import { expectAuthorizationRule, ruleTitle } from '../../../support/authorization-rule.js';
import { createAuthorizationWorld } from '../../../support/authorization-world.js';
import { insertTenants } from '../../../support/bulk-fixtures.js';
import { databaseFingerprint } from '../../../support/database-fingerprint.js';
import { INVENTORY_SYNC_CASES } from '../../../support/inventory-sync-authorization-cases.js';
import { countQueries } from '../../../support/test-app.js';
import { useApp } from '../../../support/use-app.js';

const SET_CREDENTIALS = `
  mutation($input: SetInventoryConnectorCredentialsInput!) {
    setInventoryConnectorCredentials(input: $input) {
      id
      inventorySync { configured credentials { connector clientId directory updatedAt updatedBy { id } } }
    }
  }`;

const SET_INTERVAL = `
  mutation($input: SetInventorySyncIntervalInput!) {
    setInventorySyncInterval(input: $input) { inventorySync { intervalSeconds nextScheduledAt } }
  }`;

const SETTINGS = `
  query($id: ID!) {
    tenant(id: $id) { inventorySync { configured intervalSeconds nextScheduledAt lastRun { id } credentials { clientId } } }
  }`;

const CLIENT_ID = '6731DE76-14A6-49AE-97BC-6EBA6914391E';
const SECRET = 'Q8~Kx2.very-secret_value';

describe('inventory sync settings over GraphQL', () => {
  const suite = useApp({ as: 'managerA' });

  async function newTenant(): Promise<string> {
    const [tenantId] = await insertTenants(suite.app.em(), suite.world.workspaceA, [`Settings ${newId().slice(-6)}`]);
    return tenantId!;
  }

  const audits = (tenantId: string) =>
    suite.app.em().find(AuditLogSchema, { tenant: tenantId, subjectType: 'tenant' }, { orderBy: { createdAt: 'asc', id: 'asc' } });

  describe('credentials', () => {
    it('are set for the tenant and shown as configured with their client id; the secret is stored only encrypted and audited without it', async () => {
      const tenantId = await newTenant();

      const result = await suite.gql(SET_CREDENTIALS, { input: { tenantId, clientId: CLIENT_ID, clientSecret: SECRET } });

      expect(result.errors).toBeUndefined();
      expect(result.data.setInventoryConnectorCredentials).toEqual({
        id: tenantId,
        inventorySync: {
          configured: true,
          credentials: {
            connector: 'MICROSOFT_GRAPH',
            clientId: CLIENT_ID.toLowerCase(),
            directory: `ext-${tenantId}`,
            updatedAt: expect.any(String),
            updatedBy: { id: suite.world.users.managerA },
          },
        },
      });
      const stored = await suite.app.em().findOneOrFail(TenantConnectorCredentialSchema, { tenant: tenantId });
      expect(stored.secretCiphertext).toMatch(/^v1\./);
      expect(JSON.stringify(stored)).not.toContain(SECRET);
      const [audit] = await audits(tenantId);
      expect(audit).toMatchObject({
        action: 'inventory_connector.credentials_set',
        actor: suite.world.users.managerA,
        metadata: { clientId: CLIENT_ID.toLowerCase(), keyId: stored.keyId },
      });
      expect(JSON.stringify(audit)).not.toContain(SECRET);
    });

    it('no field of the API can return the secret', async () => {
      const result = await suite.gql(`{ __type(name: "InventoryConnectorCredentials") { fields { name } } }`, {});
      expect(result.data.__type.fields.map((field: { name: string }) => field.name)).toEqual(['connector', 'clientId', 'directory', 'updatedAt', 'updatedBy']);
    });

    it('are replaced in place (one row, a new ciphertext) and removed; removing absent credentials changes nothing', async () => {
      const tenantId = await newTenant();
      await suite.gql(SET_CREDENTIALS, { input: { tenantId, clientId: CLIENT_ID, clientSecret: SECRET } });
      const first = await suite.app.em().findOneOrFail(TenantConnectorCredentialSchema, { tenant: tenantId });

      await suite.gql(SET_CREDENTIALS, { input: { tenantId, clientId: CLIENT_ID, clientSecret: `${SECRET}-rotated` } });
      const second = await suite.app.em().findOneOrFail(TenantConnectorCredentialSchema, { tenant: tenantId });
      expect(second.secretCiphertext).not.toBe(first.secretCiphertext);
      expect(await suite.app.em().count(TenantConnectorCredentialSchema, { tenant: tenantId })).toBe(1);

      const remove = `mutation($id: ID!) { removeInventoryConnectorCredentials(tenantId: $id) { inventorySync { configured credentials { clientId } } } }`;
      expect((await suite.gql(remove, { id: tenantId })).data.removeInventoryConnectorCredentials).toEqual({
        inventorySync: { configured: false, credentials: null },
      });
      expect((await suite.gql(remove, { id: tenantId })).errors).toBeUndefined();
      expect((await audits(tenantId)).map((audit) => audit.action)).toEqual([
        'inventory_connector.credentials_set',
        'inventory_connector.credentials_replaced',
        'inventory_connector.credentials_removed',
      ]);
    });

    it.each([
      ['a client id that is not a GUID', { clientId: 'my-app', clientSecret: SECRET }, ['clientId']],
      ['an empty secret', { clientId: CLIENT_ID, clientSecret: '' }, ['clientSecret']],
      ['a secret with a line break', { clientId: CLIENT_ID, clientSecret: 'a\nb' }, ['clientSecret']],
      ['a secret over 1024 characters', { clientId: CLIENT_ID, clientSecret: 'x'.repeat(1025) }, ['clientSecret']],
      ['both at once', { clientId: '', clientSecret: '' }, ['clientId', 'clientSecret']],
    ])('%s is BAD_USER_INPUT naming the field, and nothing is stored', async (_what, input, fields) => {
      const tenantId = await newTenant();
      const before = await databaseFingerprint(suite.app.em());

      const result = await suite.gql(SET_CREDENTIALS, { input: { tenantId, ...input } });

      expect(result.data).toBeNull();
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect((result.errors![0]!.extensions!.problems as { field: string }[]).map((problem) => problem.field)).toEqual(fields);
      expect(result.errors![0]!.message).toContain(fields[0]);
      expect(await databaseFingerprint(suite.app.em())).toEqual(before);
    });

    it('an archived tenant takes no credentials and no schedule (BAD_USER_INPUT on tenantId)', async () => {
      const tenantId = await newTenant();
      await suite.gql(`mutation($id: ID!) { archiveTenant(id: $id) { id } }`, { id: tenantId });

      for (const [document, input] of [
        [SET_CREDENTIALS, { tenantId, clientId: CLIENT_ID, clientSecret: SECRET }],
        [SET_INTERVAL, { tenantId, intervalSeconds: 3600 }],
      ] as const) {
        const result = await suite.gql(document, { input });
        expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'tenantId', message: 'tenant is archived' }] });
      }
    });

    it('a malformed tenant id is BAD_USER_INPUT naming tenantId', async () => {
      const result = await suite.gql(SET_CREDENTIALS, { input: { tenantId: 'not-an-id', clientId: CLIENT_ID, clientSecret: SECRET } });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'tenantId', message: 'not a valid ID' }] });
    });
  });

  describe('schedule', () => {
    it('an interval schedules a tenant with credentials at once when it never synced; null stops the schedule', async () => {
      const tenantId = await newTenant();
      const unscheduled = await suite.gql(SET_INTERVAL, { input: { tenantId, intervalSeconds: 3600 } });
      expect(unscheduled.data.setInventorySyncInterval.inventorySync).toEqual({ intervalSeconds: 3600, nextScheduledAt: null });
      await suite.gql(SET_CREDENTIALS, { input: { tenantId, clientId: CLIENT_ID, clientSecret: SECRET } });
      const before = Date.now();

      const scheduled = await suite.gql(SETTINGS, { id: tenantId });

      expect(scheduled.data.tenant.inventorySync).toMatchObject({ configured: true, intervalSeconds: 3600, lastRun: null });
      expect(Date.parse(scheduled.data.tenant.inventorySync.nextScheduledAt)).toBeGreaterThanOrEqual(before - 1000);
      const cleared = await suite.gql(SET_INTERVAL, { input: { tenantId, intervalSeconds: null } });
      expect(cleared.data.setInventorySyncInterval.inventorySync).toEqual({ intervalSeconds: null, nextScheduledAt: null });
      expect((await audits(tenantId)).filter((audit) => audit.action === 'inventory_sync.interval_set').map((audit) => audit.metadata)).toEqual([
        { intervalSeconds: 3600 },
        { intervalSeconds: null },
      ]);
    });

    it('the next scheduled sync is one interval after the latest sync run, which the tenant shows', async () => {
      const tenantId = await newTenant();
      await suite.gql(SET_CREDENTIALS, { input: { tenantId, clientId: CLIENT_ID, clientSecret: SECRET } });
      await suite.gql(SET_INTERVAL, { input: { tenantId, intervalSeconds: 7200 } });
      const started = await suite.gql(`mutation($id: ID!) { startInventorySync(tenantId: $id) { ... on InventorySyncStarted { run { id createdAt } } } }`, {
        id: tenantId,
      });
      const run = started.data.startInventorySync.run;

      const settings = (await suite.gql(SETTINGS, { id: tenantId })).data.tenant.inventorySync;

      expect(settings.lastRun).toEqual({ id: run.id });
      expect(Date.parse(settings.nextScheduledAt)).toBe(Date.parse(run.createdAt) + 7200 * 1000);
    });

    it.each([0, 60, 899, 604801, -1])('an interval of %i seconds is BAD_USER_INPUT naming intervalSeconds', async (intervalSeconds) => {
      const tenantId = await newTenant();
      const result = await suite.gql(SET_INTERVAL, { input: { tenantId, intervalSeconds } });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'intervalSeconds' }] });
      expect(result.errors![0]!.message).toContain('intervalSeconds must be a whole number of seconds from 900');
    });
  });

  it('a page of tenants resolves its sync settings in batched statements, whatever its size', async () => {
    const tenants = await insertTenants(
      suite.app.em(),
      suite.world.workspaceB,
      Array.from({ length: 12 }, (_, i) => `Batched ${i}`),
    );
    const ownerB = await suite.app.token(suite.world.users.ownerB);
    for (const tenantId of tenants.slice(0, 6))
      await suite.app.gql(SET_CREDENTIALS, { input: { tenantId, clientId: CLIENT_ID, clientSecret: SECRET } }, ownerB);
    const page = (first: number) =>
      countQueries(suite.app.orm, () =>
        suite.app.gql(
          `query($w: ID!, $first: Int) { workspace(id: $w) { tenants(first: $first) { edges { node { inventorySync { configured nextScheduledAt lastRun { id } credentials { clientId directory } } } } } } }`,
          { w: suite.world.workspaceB, first },
          ownerB,
        ),
      );

    const small = await page(2);
    const large = await page(12);

    expect(large.count).toBe(small.count);
  });
});

describe('inventory sync mutations: non-members and unentitled members get NOT_FOUND, members without the capability FORBIDDEN and nothing changes', () => {
  const suite = useApp({ world: false });

  for (const c of INVENTORY_SYNC_CASES) {
    for (const actor of ACTORS)
      it(ruleTitle(c, actor), async () => expectAuthorizationRule(suite.app, c, actor, await createAuthorizationWorld(suite.app.em())));
  }
});

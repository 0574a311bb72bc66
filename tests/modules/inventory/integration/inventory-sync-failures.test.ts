import { describe, expect, it } from 'vitest';
import { OperationRunSchema } from '../../../../src/modules/operation-runs/entities/operation-run.js';
import { TenantConnectorCredentialSchema } from '../../../../src/modules/inventory/entities/tenant-connector-credential.js';
import { TenantSchema } from '../../../../src/modules/tenants/entities/tenant.js';
import { insertTenants } from '../../../support/bulk-fixtures.js';
import type { FakeDirectory } from '../../../support/fake-graph-server.js';
import { intuneData } from '../../../support/intune-data.js';
import { connectTenant, inventoryRows, stagedRowCount, startSync, startedSyncId, syncAndWait } from '../../../support/inventory-sync.js';
import { useSyncSuite } from '../../../support/sync-suite.js';
import { waitForCompletedRun } from '../../../support/test-runs.js';

const BACKOFF_BUDGET_SECONDS = 3;
const COMPLIANCE = /deviceCompliancePolicies/;

/** How a directory stops letting the connector in, the reason the run must give, and what its diagnostics say. */
const BREAKAGES: [what: string, reasonCode: string, breakIt: (directory: FakeDirectory) => void, diagnostic: string][] = [
  [
    'a wrong or expired client secret',
    'inventory_sync.credentials_rejected',
    (d) => void (d.clientSecret = 'rotated-elsewhere'),
    'HTTP 401, invalid_client): AADSTS7000215',
  ],
  [
    'an app not consented in the directory',
    'inventory_sync.consent_missing',
    (d) => void (d.consented = false),
    'HTTP 400, unauthorized_client): AADSTS700016',
  ],
  [
    'a Graph permission that was not granted',
    'inventory_sync.permission_missing',
    (d) => void (d.permissionGranted = false),
    'Microsoft Graph answered HTTP 403 (Forbidden)',
  ],
];

describe('inventory sync: failing sources and missing prerequisites end in terminal truth with their reason', () => {
  const suite = useSyncSuite({ env: { INVENTORY_SYNC_MAX_BACKOFF_SECONDS: String(BACKOFF_BUDGET_SECONDS) } });

  async function newTenant(): Promise<string> {
    const [tenantId] = await insertTenants(suite.app.em(), suite.world.workspaceA, [`Source ${Math.random().toString(36).slice(2, 8)}`]);
    return tenantId!;
  }

  /** A tenant with one successful sync behind it, so a failing sync has an inventory to leave alone. */
  async function syncedTenant(): Promise<{ tenantId: string; directory: FakeDirectory }> {
    const tenantId = await newTenant();
    const directory = await connectTenant(suite.app, suite.token, suite.fake, tenantId, { data: intuneData({ configurations: 3, compliance: 3, catalog: 2 }) });
    expect((await syncAndWait(suite.app, suite.token, tenantId)).outcome).toBe('succeeded');
    return { tenantId, directory };
  }

  async function expectInventoryKept(tenantId: string, before: Awaited<ReturnType<typeof inventoryRows>>): Promise<void> {
    expect(await inventoryRows(suite.app, tenantId)).toEqual(before);
    expect(await stagedRowCount(suite.app)).toBe(0);
  }

  const syncRuns = (tenantId: string) => suite.app.em().count(OperationRunSchema, { tenant: tenantId, type: 'inventory_sync' });

  describe('refused at start (data, no run)', () => {
    it('a tenant without credentials: InventorySyncBlocked with credentials_missing', async () => {
      const tenantId = await newTenant();

      const result = await startSync(suite.app, suite.token, tenantId);

      expect(result).toEqual({
        __typename: 'InventorySyncBlocked',
        reason: {
          code: 'inventory_sync.credentials_missing',
          label: 'Connector credentials missing',
          explanation: expect.stringContaining('no Microsoft Graph connector credentials'),
          nextStep: expect.stringContaining('client id and a client secret'),
        },
      });
      expect(await syncRuns(tenantId)).toBe(0);
    });

    it('an archived tenant: tenant_unavailable', async () => {
      const tenantId = await newTenant();
      await connectTenant(suite.app, suite.token, suite.fake, tenantId);
      const archived = await suite.app.gql(`mutation($id: ID!) { archiveTenant(id: $id) { status } }`, { id: tenantId }, suite.token);
      expect(archived.errors).toBeUndefined();

      expect(await startSync(suite.app, suite.token, tenantId)).toMatchObject({
        __typename: 'InventorySyncBlocked',
        reason: { code: 'inventory_sync.tenant_unavailable' },
      });
      expect(await syncRuns(tenantId)).toBe(0);
    });
  });

  describe('prerequisites found missing by the job: blocked, inventory kept', () => {
    it.each(BREAKAGES)('%s: %s', async (_what, reasonCode, breakIt, diagnostic) => {
      const { tenantId, directory } = await syncedTenant();
      const before = await inventoryRows(suite.app, tenantId);
      breakIt(directory);

      const run = await syncAndWait(suite.app, suite.token, tenantId);

      expect(run).toMatchObject({ status: 'completed', outcome: 'blocked', reasonCode, reconciledAt: null });
      expect(run.failureSummary).toEqual([{ code: reasonCode, message: expect.stringContaining(diagnostic) }]);
      await expectInventoryKept(tenantId, before);
      const reason = await suite.app.gql(`query($id: ID!) { operationRun(id: $id) { reason { code label nextStep } } }`, { id: run.id }, suite.token);
      expect(reason.data.operationRun.reason).toMatchObject({ code: reasonCode, label: expect.any(String), nextStep: expect.any(String) });
    });

    it('a directory Entra does not know: directory_not_found', async () => {
      const tenantId = await newTenant();
      await connectTenant(suite.app, suite.token, suite.fake, tenantId);
      const tenant = await suite.app.em().findOneOrFail(TenantSchema, { id: tenantId });
      suite.fake.directories.delete(tenant.externalTenantId);

      const run = await syncAndWait(suite.app, suite.token, tenantId);

      expect(run).toMatchObject({ outcome: 'blocked', reasonCode: 'inventory_sync.directory_not_found' });
      expect(run.failureSummary[0]!.message).toContain('AADSTS90002');
    });

    it('the failure diagnostics never contain the client secret', async () => {
      const tenantId = await newTenant();
      const directory = await connectTenant(suite.app, suite.token, suite.fake, tenantId);
      const secret = directory.clientSecret;
      directory.clientSecret = 'something-else';

      const run = await syncAndWait(suite.app, suite.token, tenantId);

      expect(run.reasonCode).toBe('inventory_sync.credentials_rejected');
      expect(JSON.stringify(run)).not.toContain(secret);
    });

    it('credentials sealed with a key this deployment does not have: credentials_unreadable', async () => {
      const { tenantId } = await syncedTenant();
      await suite.app.em().nativeUpdate(TenantConnectorCredentialSchema, { tenant: tenantId }, { keyId: 'retired-key' });

      const run = await syncAndWait(suite.app, suite.token, tenantId);

      expect(run).toMatchObject({ outcome: 'blocked', reasonCode: 'inventory_sync.credentials_unreadable' });
      expect(run.failureSummary[0]!.message).toContain('sealed with key retired-key');
    });

    it('credentials removed after the sync was queued: the job blocks with credentials_missing', async () => {
      const tenantId = await newTenant();
      await connectTenant(suite.app, suite.token, suite.fake, tenantId);
      await suite.worker?.close();
      const runId = startedSyncId(await startSync(suite.app, suite.token, tenantId));
      const removed = await suite.app.gql(
        `mutation($id: ID!) { removeInventoryConnectorCredentials(tenantId: $id) { inventorySync { configured } } }`,
        { id: tenantId },
        suite.token,
      );
      expect(removed.data.removeInventoryConnectorCredentials).toEqual({ inventorySync: { configured: false } });
      suite.worker = await suite.startWorker();

      expect(await waitForCompletedRun(suite.app, runId, 30_000)).toMatchObject({ outcome: 'blocked', reasonCode: 'inventory_sync.credentials_missing' });
    });
  });

  describe('throttling and transient failures', () => {
    it('a 429 with Retry-After (seconds) is waited out exactly, then the sync succeeds', async () => {
      const tenantId = await newTenant();
      await connectTenant(suite.app, suite.token, suite.fake, tenantId, { data: intuneData({ configurations: 1, compliance: 3, catalog: 1 }) });
      suite.fake.failNext(COMPLIANCE, {
        status: 429,
        headers: { 'retry-after': '1' },
        body: { error: { code: 'TooManyRequests', message: 'Too many requests.' } },
      });

      const run = await syncAndWait(suite.app, suite.token, tenantId);

      expect(run.outcome).toBe('succeeded');
      expect(run.summaryCounts).toMatchObject({ backoff_waits: 1, backoff_ms: 1000, items_inserted: 5 });
      const [throttled, retried] = suite.fake.graphRequests(/deviceCompliancePolicies$/).slice(-2);
      expect(throttled!.status).toBe(429);
      expect(retried!.status).toBe(200);
      expect(retried!.at - throttled!.at).toBeGreaterThanOrEqual(1000);
    });

    it('a 503 with Retry-After as an HTTP-date is waited out until that date, then the sync succeeds', async () => {
      const tenantId = await newTenant();
      await connectTenant(suite.app, suite.token, suite.fake, tenantId, { data: intuneData({ configurations: 1, compliance: 1, catalog: 1 }) });
      const until = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2000);
      suite.fake.failNext(COMPLIANCE, {
        status: 503,
        headers: { 'retry-after': until.toUTCString() },
        body: { error: { code: 'ServiceUnavailable', message: 'Try later.' } },
      });

      const run = await syncAndWait(suite.app, suite.token, tenantId);

      expect(run.outcome).toBe('succeeded');
      expect(run.summaryCounts).toMatchObject({ backoff_waits: 1 });
      const retried = suite.fake.graphRequests(/deviceCompliancePolicies$/).at(-1)!;
      expect(retried.status).toBe(200);
      expect(retried.at).toBeGreaterThanOrEqual(until.getTime() - 1000);
    });

    it('throttling that outlasts the backoff budget fails the run with inventory_sync.throttled and keeps the previous inventory', async () => {
      const { tenantId } = await syncedTenant();
      const before = await inventoryRows(suite.app, tenantId);
      suite.fake.failNext(
        COMPLIANCE,
        { status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 'TooManyRequests', message: 'Too many requests.' } } },
        1000,
      );

      try {
        const run = await syncAndWait(suite.app, suite.token, tenantId);

        expect(run).toMatchObject({ outcome: 'failed', reasonCode: 'inventory_sync.throttled', reconciledAt: null });
        expect(run.summaryCounts).toMatchObject({ backoff_waits: BACKOFF_BUDGET_SECONDS, backoff_ms: BACKOFF_BUDGET_SECONDS * 1000 });
        expect(run.failureSummary).toEqual([
          {
            code: 'inventory_sync.throttled',
            message: `The source kept answering HTTP 429 (Retry-After 1s); gave up after the backoff budget of ${BACKOFF_BUDGET_SECONDS}s.`,
          },
        ]);
        await expectInventoryKept(tenantId, before);
      } finally {
        suite.fake.clearFaults();
      }
    });

    it.each([
      ['500 Internal Server Error', { status: 500, body: { error: { code: 'InternalServerError', message: 'Oops.' } } }],
      ['503 without Retry-After', { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'Down.' } } }],
    ])('a source answering %s past the budget fails the run with inventory_sync.source_unavailable and keeps the previous inventory', async (_what, answer) => {
      const { tenantId } = await syncedTenant();
      const before = await inventoryRows(suite.app, tenantId);
      suite.fake.failNext(COMPLIANCE, answer, 1000);

      try {
        const run = await syncAndWait(suite.app, suite.token, tenantId);

        expect(run).toMatchObject({ outcome: 'failed', reasonCode: 'inventory_sync.source_unavailable' });
        // Exponential waits of 1s and 2s fill the 3s budget; the next one does not fit.
        expect(run.summaryCounts).toMatchObject({ backoff_waits: 2, backoff_ms: 3000 });
        await expectInventoryKept(tenantId, before);
      } finally {
        suite.fake.clearFaults();
      }
    });

    it('a next-page link to another host is never followed: source_response_invalid, previous inventory kept', async () => {
      const { tenantId } = await syncedTenant();
      const before = await inventoryRows(suite.app, tenantId);
      suite.fake.failNext(COMPLIANCE, {
        status: 200,
        body: { value: [], '@odata.nextLink': 'http://127.0.0.2:9/beta/deviceManagement/deviceCompliancePolicies?$skiptoken=2' },
      });

      const run = await syncAndWait(suite.app, suite.token, tenantId);

      expect(run).toMatchObject({ outcome: 'failed', reasonCode: 'inventory_sync.source_response_invalid' });
      expect(run.failureSummary[0]!.message).toContain('links its next page outside');
      await expectInventoryKept(tenantId, before);
    });

    it('a page that is not a Graph collection: source_response_invalid', async () => {
      const tenantId = await newTenant();
      await connectTenant(suite.app, suite.token, suite.fake, tenantId);
      suite.fake.failNext(COMPLIANCE, { status: 200, body: { items: [] } });

      const run = await syncAndWait(suite.app, suite.token, tenantId);

      expect(run).toMatchObject({ outcome: 'failed', reasonCode: 'inventory_sync.source_response_invalid' });
      expect(run.failureSummary[0]!.message).toContain('has no "value" list');
    });
  });
});

import { describe, expect, it } from 'vitest';
import { contentHash } from '../../../../src/platform/canonical-json.js';
import { insertTenants } from '../../../support/bulk-fixtures.js';
import { compliancePolicy, deviceConfiguration, intuneData, objectId, settingsCatalogPolicy } from '../../../support/intune-data.js';
import { connectTenant, currentSubjects, inventoryRows, stagedRowCount, startSync, startedSyncId, syncAndWait } from '../../../support/inventory-sync.js';
import { eventKinds, runTrail } from '../../../support/run-trail.js';
import { useSyncSuite } from '../../../support/sync-suite.js';
import { waitForCompletedRun } from '../../../support/test-runs.js';

const INVENTORY = `
  query Inventory($id: ID!) {
    tenant(id: $id) { inventory(first: 100) { edges { node { policyType externalId displayName contentHash payload } } } }
  }`;

const REPORT = `
  mutation Report($input: ReportInventoryInput!) { reportInventory(input: $input) { inserted } }`;

describe('inventory sync from Microsoft Graph', () => {
  const suite = useSyncSuite();

  async function connectedTenant(data = intuneData({ configurations: 5, compliance: 3, catalog: 3 })) {
    const [tenantId] = await insertTenants(suite.app.em(), suite.world.workspaceA, [`Synced ${Math.random().toString(36).slice(2, 8)}`]);
    const directory = await connectTenant(suite.app, suite.token, suite.fake, tenantId!, { data });
    return { tenantId: tenantId!, directory };
  }

  it('pulls device configurations, compliance policies and settings-catalog policies with their settings, through every page, into inventory', async () => {
    const data = intuneData({ configurations: 5, compliance: 3, catalog: 3 });
    data.configurationPolicies[0] = settingsCatalogPolicy(1, { setting_a: '1', setting_b: '0', setting_c: '2' });
    const { tenantId } = await connectedTenant(data);
    const before = suite.fake.requests.length;

    const run = await syncAndWait(suite.app, suite.token, tenantId);

    expect(run).toMatchObject({ type: 'inventory_sync', outcome: 'succeeded', reasonCode: null, initiator: suite.world.users.managerA, tenant: tenantId });
    // 3 + 2 + 2 collection pages; settings: 2 pages for the policy with 3 settings, 1 for each other.
    expect(run.summaryCounts).toMatchObject({
      subjects_listed: 11,
      pages_fetched: 7,
      items_inserted: 11,
      items_updated: 0,
      items_unchanged: 0,
      items_removed: 0,
      subjects_rejected: 0,
      source_requests: 1 + 7 + 4,
      backoff_waits: 0,
    });
    const requests = suite.fake.requests.slice(before).map((request) => request.url);
    expect(requests[0]).toMatch(/^\/login\/.+\/oauth2\/v2\.0\/token$/);
    expect(requests).toEqual(
      expect.arrayContaining([
        '/beta/deviceManagement/deviceConfigurations?$skiptoken=4',
        '/beta/deviceManagement/deviceCompliancePolicies?$skiptoken=2',
        `/beta/deviceManagement/configurationPolicies/${objectId('catalog', 1)}/settings?$skiptoken=2`,
      ]),
    );

    const result = await suite.app.gql(INVENTORY, { id: tenantId }, suite.token);
    const items = result.data.tenant.inventory.edges.map((edge: any) => edge.node);
    expect(items.map((item: any) => `${item.policyType}/${item.externalId}`)).toEqual([
      ...[1, 2, 3].map((n) => `compliancePolicy/${objectId('compliance', n)}`),
      ...[1, 2, 3, 4, 5].map((n) => `deviceConfiguration/${objectId('config', n)}`),
      ...[1, 2, 3].map((n) => `settingsCatalogPolicy/${objectId('catalog', n)}`),
    ]);
    const config = items.find((item: any) => item.externalId === objectId('config', 2));
    expect(config).toEqual({
      policyType: 'deviceConfiguration',
      externalId: objectId('config', 2),
      displayName: 'Windows restrictions 2',
      contentHash: contentHash(config.payload),
      payload: {
        '@odata.type': '#microsoft.graph.windows10GeneralConfiguration',
        displayName: 'Windows restrictions 2',
        description: null,
        passwordRequired: true,
        passwordMinimumLength: 10,
        roleScopeTagIds: ['0'],
      },
    });
    const catalog = items.find((item: any) => item.externalId === objectId('catalog', 1));
    expect(catalog.displayName).toBe('Defender settings 1');
    expect(catalog.payload).not.toHaveProperty('settingCount');
    expect(catalog.payload.settings.map((setting: any) => setting.settingInstance.settingDefinitionId)).toEqual(['setting_a', 'setting_b', 'setting_c']);
    expect(await stagedRowCount(suite.app)).toBe(0);
  });

  it('a sync of an unchanged source changes no item: everything unchanged, nothing updated', async () => {
    const { tenantId } = await connectedTenant();
    await syncAndWait(suite.app, suite.token, tenantId);
    const before = await inventoryRows(suite.app, tenantId);

    const run = await syncAndWait(suite.app, suite.token, tenantId);

    expect(run.summaryCounts).toMatchObject({ items_inserted: 0, items_updated: 0, items_unchanged: 11, items_removed: 0 });
    const after = await inventoryRows(suite.app, tenantId);
    expect(after.map(({ last_seen_at: _seen, ...row }) => row)).toEqual(before.map(({ last_seen_at: _seen, ...row }) => row));
    expect(after.every((row, index) => row.last_seen_at > before[index]!.last_seen_at)).toBe(true);
  });

  it('changed, new and vanished objects are updated, inserted and marked removed; a save that changed nothing is unchanged; pushed inventory of other types is left alone', async () => {
    const { tenantId, directory } = await connectedTenant();
    const pushed = await suite.app.gql(
      REPORT,
      {
        input: {
          tenantId,
          complete: false,
          items: [{ policyType: 'conditionalAccessPolicy', externalId: 'ca-1', displayName: 'Block legacy auth', payload: { state: 'enabled' } }],
        },
      },
      suite.token,
    );
    expect(pushed.errors).toBeUndefined();
    await syncAndWait(suite.app, suite.token, tenantId);
    directory.data.deviceConfigurations[0] = deviceConfiguration(1, { passwordMinimumLength: 20 }, 2);
    directory.data.deviceConfigurations[1] = deviceConfiguration(2, {}, 7);
    directory.data.deviceCompliancePolicies.splice(2, 1);
    directory.data.configurationPolicies.push(settingsCatalogPolicy(4));

    const run = await syncAndWait(suite.app, suite.token, tenantId);

    expect(run.summaryCounts).toMatchObject({ subjects_listed: 11, items_inserted: 1, items_updated: 1, items_unchanged: 9, items_removed: 1 });
    const rows = await inventoryRows(suite.app, tenantId);
    const row = (externalId: string) => rows.find((candidate) => candidate.external_id === externalId)!;
    expect(row(objectId('config', 1)).payload).toMatchObject({ passwordMinimumLength: 20 });
    expect(row(objectId('compliance', 3)).removed).toBe(true);
    expect(row(objectId('catalog', 4)).removed).toBe(false);
    expect(row('ca-1')).toMatchObject({ policy_type: 'conditionalAccessPolicy', removed: false, payload: { state: 'enabled' } });

    directory.data.deviceCompliancePolicies.push(compliancePolicy(3));
    const back = await syncAndWait(suite.app, suite.token, tenantId);
    expect(back.summaryCounts).toMatchObject({ items_inserted: 0, items_updated: 1, items_removed: 0 });
    expect(await currentSubjects(suite.app, tenantId)).toContain(`compliancePolicy/${objectId('compliance', 3)}`);
  });

  it('a tenant has one active sync: starting again while it runs returns the active run', async () => {
    const { tenantId } = await connectedTenant();
    const held = suite.fake.hold(/deviceCompliancePolicies/);
    const first = await startSync(suite.app, suite.token, tenantId);
    await held.reached;

    const second = await startSync(suite.app, await suite.app.token(suite.world.users.ownerA), tenantId);

    expect(second).toMatchObject({ __typename: 'InventorySyncStarted', created: false, run: { id: startedSyncId(first), status: 'RUNNING' } });
    held.release();
    expect((await waitForCompletedRun(suite.app, startedSyncId(first), 30_000)).outcome).toBe('succeeded');
  });

  it('an access token Graph stops accepting mid-sync is replaced once, and the sync completes', async () => {
    const { tenantId } = await connectedTenant();
    const tokenRequests = () => suite.fake.requests.filter((request) => request.url.endsWith('/oauth2/v2.0/token')).length;
    const before = tokenRequests();
    suite.fake.failNext(/deviceCompliancePolicies/, {
      status: 401,
      body: { error: { code: 'InvalidAuthenticationToken', message: 'Lifetime validation failed, the token is expired.' } },
    });

    const run = await syncAndWait(suite.app, suite.token, tenantId);

    expect(run.outcome).toBe('succeeded');
    expect(tokenRequests() - before).toBe(2);
  });

  it("a sync run is a run like any other: events, progress, an audit record, a notification for its initiator, listed with the workspace's runs", async () => {
    const { tenantId } = await connectedTenant();

    const run = await syncAndWait(suite.app, suite.token, tenantId);

    const trail = await runTrail(suite.app.em(), run.id);
    const kinds = eventKinds(trail);
    expect(kinds[0]).toBe('QUEUED');
    expect(kinds[1]).toBe('STARTED');
    expect(kinds).toContain('PROGRESS');
    expect(kinds.slice(-2)).toEqual(['COMPLETED', 'NOTIFICATION']);
    expect(trail.events.find((event) => event.kind === 'COMPLETED')!.payload).toMatchObject({ runType: 'inventory_sync', outcome: 'succeeded' });
    expect(trail.audits.map((audit) => audit.action)).toEqual(['operation_run.queued', 'operation_run.completed']);
    expect(trail.notifications).toEqual([
      { user: suite.world.users.managerA, kind: 'run_terminal', title: 'Inventory sync completed', body: expect.any(String), tone: 'success' },
    ]);

    const listed = await suite.app.gql(
      `query($w: ID!) { operationRuns(workspaceId: $w, filter: { type: ["inventory_sync"], tenantId: ["${tenantId}"] }) { edges { node { id type status outcome outcomePresentation { label } freshness { state } summaryCounts { key value } } } } }`,
      { w: suite.world.workspaceA },
      suite.token,
    );
    expect(listed.errors).toBeUndefined();
    expect(listed.data.operationRuns.edges.map((edge: any) => edge.node)).toEqual([
      {
        id: run.id,
        type: 'inventory_sync',
        status: 'COMPLETED',
        outcome: 'SUCCEEDED',
        outcomePresentation: { label: 'Succeeded' },
        freshness: { state: 'TERMINAL_NORMAL' },
        summaryCounts: expect.arrayContaining([{ key: 'items_inserted', value: 11 }]),
      },
    ]);
  });

  it('an object the inventory rules refuse is skipped and keeps its previous state; the run partially succeeds naming it', async () => {
    const { tenantId, directory } = await connectedTenant();
    await syncAndWait(suite.app, suite.token, tenantId);
    const before = (await inventoryRows(suite.app, tenantId)).find((row) => row.external_id === objectId('compliance', 2));
    directory.data.deviceCompliancePolicies[1] = compliancePolicy(2, { description: 'nul \u0000 inside' }, 2);
    directory.data.deviceConfigurations[0] = deviceConfiguration(1, { passwordMinimumLength: 30 }, 2);

    const run = await syncAndWait(suite.app, suite.token, tenantId);

    expect(run).toMatchObject({ outcome: 'partially_succeeded', reasonCode: 'inventory_sync.subjects_rejected' });
    expect(run.summaryCounts).toMatchObject({ subjects_rejected: 1, items_updated: 1, items_removed: 0 });
    expect(run.failureSummary).toEqual([
      {
        code: 'inventory_sync.subjects_rejected',
        message: `compliancePolicy ${objectId('compliance', 2)}: payload: payload must not contain NUL (\\u0000) characters.`,
      },
    ]);
    const after = (await inventoryRows(suite.app, tenantId)).find((row) => row.external_id === objectId('compliance', 2));
    expect(after).toEqual(before);
  });
});

import { describe, expect, it } from 'vitest';
import { captureAndWait, capturedSnapshotId, compareAndWait } from '../../../support/baseline-operations.js';
import { compliancePolicy, deviceConfiguration, intuneData, objectId, settingsCatalogPolicy, SYNCED_POLICY_TYPES } from '../../../support/intune-data.js';
import { appRegistration, syncAndWait } from '../../../support/inventory-sync.js';
import { useSyncSuite } from '../../../support/sync-suite.js';

const DIRECTORY = '8f2a6c1e-3b4d-4e5f-9a0b-1c2d3e4f5a6b';

describe('end to end: Microsoft Graph → inventory sync → baseline capture → drift compare', () => {
  const suite = useSyncSuite();

  async function gql(document: string, variables: Record<string, unknown>) {
    const result = await suite.app.gql(document, variables, suite.token);
    expect(result.errors).toBeUndefined();
    return result.data;
  }

  it('a tenant connected through the API is synced, captured as its baseline, changed at the source, synced again and compared: the findings are exactly the changes', async () => {
    const registration = appRegistration();
    const directory = suite.fake.addDirectory(DIRECTORY, { ...registration, data: intuneData({ configurations: 3, compliance: 2, catalog: 2 }) });
    const { createTenant: tenant } = await gql(
      `mutation($w: ID!, $ext: String!) { createTenant(input: { workspaceId: $w, name: "Contoso", externalTenantId: $ext }) { id } }`,
      {
        w: suite.world.workspaceA,
        ext: DIRECTORY,
      },
    );
    const { createBaselineProfile: profile } = await gql(
      `mutation($w: ID!, $types: [String!]!) { createBaselineProfile(input: { workspaceId: $w, name: "Intune hardening", scope: { policyTypes: $types } }) { id } }`,
      { w: suite.world.workspaceA, types: SYNCED_POLICY_TYPES },
    );
    await gql(`mutation($id: ID!) { activateBaselineProfile(id: $id) { status } }`, { id: profile.id });
    await gql(`mutation($t: ID!, $p: ID!) { assignBaselineProfile(input: { tenantId: $t, profileId: $p }) { id } }`, { t: tenant.id, p: profile.id });
    const connected = await gql(
      `mutation($input: SetInventoryConnectorCredentialsInput!) { setInventoryConnectorCredentials(input: $input) { inventorySync { configured credentials { directory } } } }`,
      { input: { tenantId: tenant.id, ...registration } },
    );
    expect(connected.setInventoryConnectorCredentials.inventorySync).toEqual({ configured: true, credentials: { directory: DIRECTORY } });

    const firstSync = await syncAndWait(suite.app, suite.token, tenant.id);
    expect(firstSync).toMatchObject({ outcome: 'succeeded' });
    expect(firstSync.summaryCounts).toMatchObject({ items_inserted: 7 });

    const capture = await captureAndWait(suite.app, suite.token, profile.id, tenant.id);
    expect(capture.outcome).toBe('succeeded');
    const snapshot = await gql(`query($id: ID!) { baselineSnapshot(id: $id) { lifecycleState truth itemCount } }`, { id: capturedSnapshotId(capture) });
    expect(snapshot.baselineSnapshot).toEqual({ lifecycleState: 'COMPLETE', truth: 'CURRENT', itemCount: 7 });

    directory.data.deviceConfigurations[0] = deviceConfiguration(1, { passwordRequired: false }, 2);
    directory.data.deviceConfigurations[1] = deviceConfiguration(2, {}, 5);
    directory.data.deviceCompliancePolicies = [compliancePolicy(1)];
    directory.data.configurationPolicies.push(settingsCatalogPolicy(3));
    const secondSync = await syncAndWait(suite.app, suite.token, tenant.id);
    expect(secondSync.summaryCounts).toMatchObject({ items_inserted: 1, items_updated: 1, items_removed: 1, items_unchanged: 5 });

    const compare = await compareAndWait(suite.app, suite.token, tenant.id);

    expect(compare.outcome).toBe('succeeded');
    expect(compare.summaryCounts).toMatchObject({ drift_missing: 1, drift_unexpected: 1, drift_different: 1 });
    const { tenant: compared } = await gql(
      `query($id: ID!) {
         tenant(id: $id) {
           inventorySync { lastRun { id outcome } }
           lastCompareRun { id }
           findings(first: 10) { edges { node { kind policyType subjectExternalId displayName status } } }
         }
       }`,
      { id: tenant.id },
    );
    expect(compared.inventorySync.lastRun).toEqual({ id: secondSync.id, outcome: 'SUCCEEDED' });
    expect(compared.lastCompareRun).toEqual({ id: compare.id });
    const findings = compared.findings.edges.map((edge: any) => edge.node).sort((a: any, b: any) => a.kind.localeCompare(b.kind));
    expect(findings).toEqual([
      { kind: 'DIFFERENT', policyType: 'deviceConfiguration', subjectExternalId: objectId('config', 1), displayName: 'Windows restrictions 1', status: 'OPEN' },
      { kind: 'MISSING', policyType: 'compliancePolicy', subjectExternalId: objectId('compliance', 2), displayName: 'Windows compliance 2', status: 'OPEN' },
      {
        kind: 'UNEXPECTED',
        policyType: 'settingsCatalogPolicy',
        subjectExternalId: objectId('catalog', 3),
        displayName: 'Defender settings 3',
        status: 'OPEN',
      },
    ]);
  });
});

import { randomUUID } from 'node:crypto';
import type { OperationRun } from '../../src/modules/operation-runs/entities/operation-run.js';
import { TenantSchema } from '../../src/modules/tenants/entities/tenant.js';
import type { FakeDirectory, FakeGraphServer } from './fake-graph-server.js';
import type { TestApp } from './test-app.js';
import { waitForCompletedRun } from './test-runs.js';

const SET_CREDENTIALS = `
  mutation SetCredentials($input: SetInventoryConnectorCredentialsInput!) {
    setInventoryConnectorCredentials(input: $input) { id inventorySync { configured credentials { clientId } } }
  }`;

const START_SYNC = `
  mutation StartSync($tenantId: ID!) {
    startInventorySync(tenantId: $tenantId) {
      __typename
      ... on InventorySyncStarted { created run { id type status initiator { id } } }
      ... on InventorySyncBlocked { reason { code label explanation nextStep } }
    }
  }`;

export type SyncStartResult =
  | { __typename: 'InventorySyncStarted'; created: boolean; run: { id: string; type: string; status: string; initiator: { id: string } | null } }
  | { __typename: 'InventorySyncBlocked'; reason: { code: string; label: string; explanation: string; nextStep: string } };

/** A fresh app registration: a client id and a secret. */
export function appRegistration(): { clientId: string; clientSecret: string } {
  return { clientId: randomUUID(), clientSecret: `Q8~${randomUUID()}` };
}

/**
 * Connects a tenant to the fake Graph: its directory (keyed by the tenant's external id) trusts a
 * new app registration whose credentials are set on the tenant through the API.
 */
export async function connectTenant(
  app: TestApp,
  token: string,
  fake: FakeGraphServer,
  tenantId: string,
  setup: Partial<FakeDirectory> = {},
): Promise<FakeDirectory> {
  const tenant = await app.em().findOneOrFail(TenantSchema, { id: tenantId });
  const registration = appRegistration();
  const directory = fake.addDirectory(tenant.externalTenantId, { ...registration, ...setup });
  await setCredentials(app, token, tenantId, registration);
  return directory;
}

export async function setCredentials(app: TestApp, token: string, tenantId: string, credentials: { clientId: string; clientSecret: string }): Promise<void> {
  const result = await app.gql(SET_CREDENTIALS, { input: { tenantId, ...credentials } }, token);
  if (result.errors) throw new Error(`setInventoryConnectorCredentials failed: ${JSON.stringify(result.errors)}`);
}

export async function startSync(app: TestApp, token: string, tenantId: string): Promise<SyncStartResult> {
  const result = await app.gql(START_SYNC, { tenantId }, token);
  if (result.errors) throw new Error(`startInventorySync failed: ${JSON.stringify(result.errors)}`);
  return result.data.startInventorySync;
}

export function startedSyncId(result: SyncStartResult): string {
  if (result.__typename === 'InventorySyncStarted') return result.run.id;
  throw new Error(`Expected the sync to start, got ${JSON.stringify(result)}.`);
}

/** Starts a sync and waits for its run to end (a worker consuming inventory syncs must be running). */
export async function syncAndWait(app: TestApp, token: string, tenantId: string): Promise<OperationRun> {
  return waitForCompletedRun(app, startedSyncId(await startSync(app, token, tenantId)), 30_000);
}

export interface InventoryRow {
  policy_type: string;
  external_id: string;
  display_name: string;
  content_hash: string;
  payload: Record<string, unknown>;
  removed: boolean;
  last_seen_at: Date;
  updated_at: Date;
}

/** Every inventory row of the tenant, removed ones included, in key order: what "the inventory" is. */
export function inventoryRows(app: TestApp, tenantId: string): Promise<InventoryRow[]> {
  return app.em().execute<InventoryRow[]>(
    `select policy_type, external_id, display_name, content_hash, payload, removed_at is not null as removed, last_seen_at, updated_at
         from inventory_items where tenant_id = ? order by policy_type, external_id`,
    [tenantId],
  );
}

/** Current (not removed) subjects as `policyType/externalId` keys. */
export async function currentSubjects(app: TestApp, tenantId: string): Promise<string[]> {
  return (await inventoryRows(app, tenantId)).filter((row) => !row.removed).map((row) => `${row.policy_type}/${row.external_id}`);
}

export async function stagedRowCount(app: TestApp): Promise<number> {
  const [row] = await app.em().execute<{ count: number }[]>('select count(*)::int as count from inventory_sync_staged_items');
  return row!.count;
}

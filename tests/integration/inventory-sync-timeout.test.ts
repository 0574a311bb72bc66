import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegistry } from '../../src/jobs/handlers/index.js';
import { startWorker, type Worker } from '../../src/jobs/worker.js';
import { insertTenants } from '../support/bulk-fixtures.js';
import { FakeGraphServer } from '../support/fake-graph-server.js';
import { FAST_LIFECYCLE } from '../support/fast-lifecycle.js';
import { intuneData } from '../support/intune-data.js';
import { connectTenant, inventoryRows, stagedRowCount, startSync, startedSyncId } from '../support/inventory-sync.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitForCompletedRun } from '../support/test-runs.js';
import { createWorld, type World } from '../support/world.js';

const JOB_TIMEOUT_SECONDS = 3;

/** A short sync job timeout that still satisfies the timing invariants. */
const SHORT_SYNC_TIMEOUT: Record<string, string> = {
  ...FAST_LIFECYCLE,
  LIFECYCLE_INVENTORY_SYNC_JOB_TIMEOUT_SECONDS: String(JOB_TIMEOUT_SECONDS),
  LIFECYCLE_INVENTORY_SYNC_EXPECTED_RUNTIME_SECONDS: '2',
  LIFECYCLE_INVENTORY_SYNC_QUEUED_STALE_SECONDS: '30',
  LIFECYCLE_INVENTORY_SYNC_RUNNING_STALE_SECONDS: '30',
  INVENTORY_SYNC_MAX_BACKOFF_SECONDS: '1',
};

describe('inventory sync past its job timeout', () => {
  let fake: FakeGraphServer;
  let app: TestApp;
  let world: World;
  let token: string;
  let worker: Worker;

  beforeAll(async () => {
    fake = await FakeGraphServer.start();
    app = await startTestApp({ ...fake.env, ...SHORT_SYNC_TIMEOUT });
    world = await createWorld(app.em());
    token = await app.token(world.users.managerA);
    worker = await startWorker(app.runtime, buildRegistry(app.config));
  });
  afterAll(async () => {
    await worker.close();
    await app.close();
    await fake.close();
  });

  it('a page slower than the job timeout ends the run through the failure bridge; the request is aborted mid-flight and nothing is applied or left staged', async () => {
    const [tenantId] = await insertTenants(app.em(), world.workspaceA, ['Slow source']);
    await connectTenant(app, token, fake, tenantId!, { data: intuneData({ configurations: 4, compliance: 4, catalog: 1 }) });
    const pushed = await app.gql(
      `mutation($input: ReportInventoryInput!) { reportInventory(input: $input) { inserted } }`,
      { input: { tenantId, complete: true, items: [{ policyType: 'deviceConfiguration', externalId: 'pushed-1', displayName: 'Pushed earlier', payload: { a: 1 } }] } },
      token,
    );
    expect(pushed.errors).toBeUndefined();
    const before = await inventoryRows(app, tenantId!);
    const slowPage = fake.hold(/deviceCompliancePolicies\?\$skiptoken=2/);

    const runId = startedSyncId(await startSync(app, token, tenantId!));
    await slowPage.reached;
    const run = await waitForCompletedRun(app, runId, 30_000);

    expect(run).toMatchObject({ outcome: 'failed', reasonCode: 'run.infrastructure_timeout_or_abandonment' });
    expect(run.reconciliation).toMatchObject({ source: 'failure_bridge', evidence: { kind: 'timeout' } });
    await slowPage.abandoned;
    expect(fake.graphRequests(/deviceCompliancePolicies\?\$skiptoken=2/).at(-1)!.abortedByClient).toBe(true);
    slowPage.release();
    expect(await inventoryRows(app, tenantId!)).toEqual(before);
    expect(await stagedRowCount(app)).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { buildRegistry } from '../../../../src/app/handlers.js';
import { LifecyclePolicyError, startWorker } from '../../../../src/modules/operation-runs/jobs/worker.js';
import { insertTenants } from '../../../support/bulk-fixtures.js';
import { FAST_LIFECYCLE } from '../../../support/fast-lifecycle.js';
import { intuneData } from '../../../support/intune-data.js';
import { connectTenant, inventoryRows, stagedRowCount, startSync, startedSyncId } from '../../../support/inventory-sync.js';
import { useSyncSuite } from '../../../support/sync-suite.js';
import { waitForCompletedRun } from '../../../support/test-runs.js';

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
  const suite = useSyncSuite({ env: SHORT_SYNC_TIMEOUT });

  it('a page slower than the job timeout ends the run through the failure bridge; the request is aborted mid-flight and nothing is applied or left staged', async () => {
    const [tenantId] = await insertTenants(suite.app.em(), suite.world.workspaceA, ['Slow source']);
    await connectTenant(suite.app, suite.token, suite.fake, tenantId!, { data: intuneData({ configurations: 4, compliance: 4, catalog: 1 }) });
    const pushed = await suite.app.gql(
      `mutation($input: ReportInventoryInput!) { reportInventory(input: $input) { inserted } }`,
      {
        input: {
          tenantId,
          complete: true,
          items: [{ policyType: 'deviceConfiguration', externalId: 'pushed-1', displayName: 'Pushed earlier', payload: { a: 1 } }],
        },
      },
      suite.token,
    );
    expect(pushed.errors).toBeUndefined();
    const before = await inventoryRows(suite.app, tenantId!);
    const slowPage = suite.fake.hold(/deviceCompliancePolicies\?\$skiptoken=2/);

    const runId = startedSyncId(await startSync(suite.app, suite.token, tenantId!));
    await slowPage.reached;
    const run = await waitForCompletedRun(suite.app, runId, 30_000);

    expect(run).toMatchObject({ outcome: 'failed', reasonCode: 'run.infrastructure_timeout_or_abandonment' });
    expect(run.reconciliation).toMatchObject({ source: 'failure_bridge', evidence: { kind: 'timeout' } });
    await slowPage.abandoned;
    expect(suite.fake.graphRequests(/deviceCompliancePolicies\?\$skiptoken=2/).at(-1)!.abortedByClient).toBe(true);
    slowPage.release();
    expect(await inventoryRows(suite.app, tenantId!)).toEqual(before);
    expect(await stagedRowCount(suite.app)).toBe(0);
  });

  it('a worker whose sync backoff budget does not fit the sync job timeout refuses to start', async () => {
    const config = { ...suite.app.config, inventorySync: { ...suite.app.config.inventorySync, maxBackoffSeconds: JOB_TIMEOUT_SECONDS } };

    const started = startWorker({ ...suite.app.runtime, config }, buildRegistry(config));

    await expect(started).rejects.toThrow(LifecyclePolicyError);
    await expect(started).rejects.toThrow(
      `[inventory_sync] backoff budget ${JOB_TIMEOUT_SECONDS}s (INVENTORY_SYNC_MAX_BACKOFF_SECONDS) must be below the job timeout ${JOB_TIMEOUT_SECONDS}s`,
    );
  });
});

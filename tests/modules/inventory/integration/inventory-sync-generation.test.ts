import { describe, expect, it } from 'vitest';
import type { InventoryConnector, SourceSubject } from '../../../../src/modules/inventory/connectors/inventory-connector.js';
import { contentHash } from '../../../../src/platform/canonical-json.js';
import { newId } from '../../../../src/platform/ids.js';
import { TenantSchema } from '../../../../src/modules/tenants/entities/tenant.js';
import { InventorySyncService, SyncAttemptFenced } from '../../../../src/modules/inventory/services/inventory-sync-service.js';
import { createBaselineFixture, type BaselineFixture } from '../../../support/baseline-fixture.js';
import { captureAndWait, capturedSnapshotId } from '../../../support/baseline-operations.js';
import { activeSnapshotId, snapshotRow } from '../../../support/baseline-truth.js';
import { CaptureFaults } from '../../../support/capture-faults.js';
import type { FakeDirectory } from '../../../support/fake-graph-server.js';
import { deviceConfiguration, intuneData, objectId } from '../../../support/intune-data.js';
import { connectTenant, inventoryRows, stagedRowCount, startSync, startedSyncId, syncAndWait } from '../../../support/inventory-sync.js';
import { useSyncSuite } from '../../../support/sync-suite.js';
import type { TestApp } from '../../../support/test-app.js';
import { startAttempt, waitForCompletedRun } from '../../../support/test-runs.js';

const CAPTURE_BATCH_SIZE = 2;

/** `externalId → content hash` of what a snapshot holds, and of the tenant's current device configurations. */
async function snapshotContent(app: TestApp, snapshotId: string): Promise<Record<string, string>> {
  const rows = await app
    .em()
    .execute<{ id: string; hash: string }[]>(
      'select subject_external_id as id, baseline_hash as hash from baseline_snapshot_items where baseline_snapshot_id = ? order by 1',
      [snapshotId],
    );
  return Object.fromEntries(rows.map((row) => [row.id, row.hash]));
}

async function currentConfigurations(app: TestApp, tenantId: string): Promise<Record<string, string>> {
  const rows = (await inventoryRows(app, tenantId)).filter((row) => !row.removed && row.policy_type === 'deviceConfiguration');
  return Object.fromEntries(rows.map((row) => [row.external_id, row.content_hash]));
}

describe('inventory sync writes one consistent generation', () => {
  const faults = new CaptureFaults();
  const suite = useSyncSuite({ registry: { capture: { batchSize: CAPTURE_BATCH_SIZE, afterBatch: faults.afterBatch } } });

  /** A baseline fixture whose source tenant is connected to the fake Graph and synced once (5 device configurations). */
  async function syncedSource(): Promise<{ fixture: BaselineFixture; directory: FakeDirectory }> {
    const fixture = await createBaselineFixture(suite.app, suite.world);
    const directory = await connectTenant(suite.app, suite.token, suite.fake, fixture.sourceTenantId, {
      data: intuneData({ configurations: 5, compliance: 2, catalog: 1 }),
    });
    expect((await syncAndWait(suite.app, suite.token, fixture.sourceTenantId)).outcome).toBe('succeeded');
    return { fixture, directory };
  }

  /** The next generation at the source: the first and last configuration changed, the fourth deleted. */
  function nextGeneration(directory: FakeDirectory): void {
    const configurations = directory.data.deviceConfigurations;
    configurations[0] = deviceConfiguration(1, { passwordRequired: false }, 2);
    configurations[4] = deviceConfiguration(5, { passwordMinimumLength: 99 }, 2);
    configurations.splice(3, 1);
  }

  it('a capture started while a sync is pulling reads the previous generation in full; the new generation lands whole afterwards', async () => {
    const { fixture, directory } = await syncedSource();
    const previous = await currentConfigurations(suite.app, fixture.sourceTenantId);
    nextGeneration(directory);
    const pulling = suite.fake.hold(/deviceCompliancePolicies/);
    const syncId = startedSyncId(await startSync(suite.app, suite.token, fixture.sourceTenantId));
    await pulling.reached;

    const capture = await captureAndWait(suite.app, suite.token, fixture.profileId, fixture.sourceTenantId);

    expect(capture.outcome).toBe('succeeded');
    expect(await snapshotContent(suite.app, capturedSnapshotId(capture))).toEqual(previous);
    pulling.release();
    expect((await waitForCompletedRun(suite.app, syncId, 30_000)).outcome).toBe('succeeded');
    const next = await currentConfigurations(suite.app, fixture.sourceTenantId);
    expect(Object.keys(next)).toEqual([1, 2, 3, 5].map((n) => objectId('config', n)));
    expect(next[objectId('config', 1)]).not.toBe(previous[objectId('config', 1)]);
    const recapture = await captureAndWait(suite.app, suite.token, fixture.profileId, fixture.sourceTenantId);
    expect(await snapshotContent(suite.app, capturedSnapshotId(recapture))).toEqual(next);
  });

  it('a sync applied between two capture batches never yields a mixed snapshot: the completion proof fails and the snapshot stays incomplete', async () => {
    const { fixture, directory } = await syncedSource();
    const effectiveBefore = await activeSnapshotId(suite.app, fixture.profileId);
    nextGeneration(directory);
    faults.runAfter(1, async () => {
      expect((await syncAndWait(suite.app, suite.token, fixture.sourceTenantId)).outcome).toBe('succeeded');
    });

    try {
      const capture = await captureAndWait(suite.app, suite.token, fixture.profileId, fixture.sourceTenantId);

      expect(capture).toMatchObject({ outcome: 'failed', reasonCode: 'baseline.snapshot.completion_proof_failed' });
      expect(await snapshotRow(suite.app, capturedSnapshotId(capture))).toMatchObject({ lifecycleState: 'incomplete' });
      expect(await activeSnapshotId(suite.app, fixture.profileId)).toBe(effectiveBefore);
    } finally {
      faults.clear();
    }
  });

  describe('an attempt that no longer owns its run writes nothing', () => {
    const subject = (n: number): SourceSubject => {
      const payload = { revision: 2, n };
      return { policyType: 'deviceConfiguration', externalId: `fenced-${n}`, displayName: `Fenced ${n}`, payload, contentHash: contentHash(payload) };
    };

    /** A connector that lists two pages and lets the test act between them (or after the last). */
    function scriptedConnector(between: () => Promise<void>, afterLast: () => Promise<void>): InventoryConnector {
      return {
        policyTypes: ['deviceConfiguration'],
        stats: { requests: 0, backoffWaits: 0, backoffMs: 0 },
        async *listSubjects() {
          yield [subject(1), subject(2)];
          await between();
          yield [subject(3)];
          await afterLast();
        },
      };
    }

    async function runningSync() {
      const [tenantId] = await suite.app
        .em()
        .execute<{ id: string }[]>(`insert into tenants (id, workspace_id, name, external_tenant_id) values (?, ?, 'Fenced', ?) returning id`, [
          newId(),
          suite.world.workspaceA,
          `fenced-${newId()}`,
        ]);
      const created = await suite.app.runtime.runs.create({
        workspaceId: suite.world.workspaceA,
        tenantId: tenantId!.id,
        type: 'inventory_sync',
        identity: {},
      });
      const run = await startAttempt(suite.app, created.run);
      const tenant = await suite.app.em().findOneOrFail(TenantSchema, { id: tenantId!.id });
      return { run, tenant };
    }

    const reconcile = (runId: string) =>
      suite.app.runtime.runs.forceFailNonTerminal(runId, {
        reasonCode: 'run.stale_running',
        message: 'Reconciled by the test.',
        source: 'scheduled_reconciler',
        evidence: {},
      });

    it.each([
      ['between two pages (staging refuses)', 'between'],
      ['after the last page (the apply refuses)', 'afterLast'],
    ] as const)('reconciled %s', async (_when, moment) => {
      const { run, tenant } = await runningSync();
      const act = () => reconcile(run.id).then(() => undefined);
      const idle = async () => undefined;
      const connector = scriptedConnector(moment === 'between' ? act : idle, moment === 'afterLast' ? act : idle);

      const sync = new InventorySyncService(suite.app.orm).sync(run, run.currentAttemptId!, tenant, connector, {
        signal: new AbortController().signal,
        progress: () => undefined,
      });

      await expect(sync).rejects.toThrow(SyncAttemptFenced);
      expect(await inventoryRows(suite.app, tenant.id)).toEqual([]);
      expect(await stagedRowCount(suite.app)).toBe(0);
    });
  });
});

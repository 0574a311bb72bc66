import { describe, expect, it } from 'vitest';
import { OperationRunSchema } from '../../../../src/modules/operation-runs/entities/operation-run.js';
import { InventorySyncScheduler } from '../../../../src/modules/inventory/services/inventory-sync-scheduler.js';
import { backdateRun } from '../../../support/backdate-run.js';
import { insertTenants } from '../../../support/bulk-fixtures.js';
import { FAST_LIFECYCLE } from '../../../support/fast-lifecycle.js';
import { intuneData } from '../../../support/intune-data.js';
import { connectTenant } from '../../../support/inventory-sync.js';
import { useSyncSuite } from '../../../support/sync-suite.js';
import { createUnqueuedRun, runEvents, startAttempt, waitForCompletedRun } from '../../../support/test-runs.js';
import { waitFor } from '../../../support/wait-for.js';

const HOUR = 3600;

const SET_INTERVAL = `
  mutation($input: SetInventorySyncIntervalInput!) { setInventorySyncInterval(input: $input) { inventorySync { intervalSeconds } } }`;

describe('scheduled inventory syncs', () => {
  const suite = useSyncSuite({ env: { ...FAST_LIFECYCLE, INVENTORY_SYNC_SCHEDULE_SECONDS: '1' }, worker: false });

  async function tenant(options: { interval?: number; credentials?: boolean; archived?: boolean } = {}): Promise<string> {
    const [tenantId] = await insertTenants(suite.app.em(), suite.world.workspaceA, [`Scheduled ${Math.random().toString(36).slice(2, 8)}`]);
    if (options.credentials !== false)
      await connectTenant(suite.app, suite.token, suite.fake, tenantId!, { data: intuneData({ configurations: 2, compliance: 1, catalog: 1 }) });
    if (options.interval) {
      const result = await suite.app.gql(SET_INTERVAL, { input: { tenantId, intervalSeconds: options.interval } }, suite.token);
      expect(result.errors).toBeUndefined();
    }
    if (options.archived)
      expect((await suite.app.gql(`mutation($id: ID!) { archiveTenant(id: $id) { id } }`, { id: tenantId }, suite.token)).errors).toBeUndefined();
    return tenantId!;
  }

  const syncRunsOf = (tenantId: string) =>
    suite.app.em().find(OperationRunSchema, { tenant: tenantId, type: 'inventory_sync' }, { orderBy: { createdAt: 'asc' } });

  /** Ends an active sync run as a worker would have, without one running. */
  async function completeRun(runId: string): Promise<void> {
    const run = await startAttempt(suite.app, await suite.app.em().findOneOrFail(OperationRunSchema, { id: runId }));
    expect((await suite.app.runtime.runs.complete(run.id, run.currentAttemptId!, { outcome: 'succeeded' })).applied).toBe(true);
  }

  describe('the scheduler pass', () => {
    const scheduler = () => new InventorySyncScheduler(suite.app.orm, suite.app.runtime.runs);

    it('starts a system sync for each due tenant only: scheduled, with credentials, active, and not synced within its interval', async () => {
      const due = await tenant({ interval: HOUR });
      const onDemand = await tenant();
      const withoutCredentials = await tenant({ interval: HOUR, credentials: false });
      const archived = await tenant({ interval: HOUR, archived: true });

      const pass = await scheduler().launchDue(1000);

      const [run, ...others] = await syncRunsOf(due);
      expect(others).toEqual([]);
      expect(pass.launched).toContain(run!.id);
      expect(run).toMatchObject({ status: 'queued', initiator: null, context: { trigger: 'schedule', connector: 'microsoft_graph' } });
      expect((await runEvents(suite.app, run!.id)).map((event) => event.kind)).toEqual(['QUEUED']);
      for (const tenantId of [onDemand, withoutCredentials, archived]) expect(await syncRunsOf(tenantId)).toEqual([]);
    });

    it("a tenant is due again one interval after its latest sync was created, whatever that sync's outcome; never while one is active", async () => {
      const [recent, old] = [await tenant({ interval: HOUR }), await tenant({ interval: HOUR })];
      await scheduler().launchDue(1000);
      const [recentRun] = await syncRunsOf(recent);
      const [oldRun] = await syncRunsOf(old);

      await scheduler().launchDue(1000);
      expect(await syncRunsOf(recent)).toHaveLength(1);

      await backdateRun(suite.app, recentRun!.id, HOUR - 60);
      await backdateRun(suite.app, oldRun!.id, HOUR + 60);
      await completeRun(recentRun!.id);
      await completeRun(oldRun!.id);
      await scheduler().launchDue(1000);

      expect(await syncRunsOf(recent)).toHaveLength(1);
      const runs = await syncRunsOf(old);
      expect(runs).toHaveLength(2);
      expect(runs[1]).toMatchObject({ status: 'queued', context: { trigger: 'schedule' } });
    });

    it('passes running at the same time start one sync per due tenant', async () => {
      const tenants = [await tenant({ interval: HOUR }), await tenant({ interval: HOUR })];

      await Promise.all([scheduler().launchDue(1000), scheduler().launchDue(1000), scheduler().launchDue(1000)]);

      for (const tenantId of tenants) expect(await syncRunsOf(tenantId)).toHaveLength(1);
    });

    it('one pass starts at most its batch limit', async () => {
      for (let i = 0; i < 3; i++) await tenant({ interval: HOUR });

      const pass = await scheduler().launchDue(2);

      expect(pass).toMatchObject({ due: 2 });
      expect(pass.launched).toHaveLength(2);
    });
  });

  describe('inside the worker', () => {
    it('runs under a Redis lock: while another process holds it nothing is started; once free, the due tenant is synced to completion', async () => {
      // Tenants left due by earlier tests are started (and synced) by the worker too; make them all current first.
      await new InventorySyncScheduler(suite.app.orm, suite.app.runtime.runs).launchDue(1000);
      for (const run of await suite.app.em().find(OperationRunSchema, { type: 'inventory_sync', status: { $ne: 'completed' } })) await completeRun(run.id);
      const lock = `${suite.app.config.redis.prefix}:lock:inventory-sync-scheduler`;
      await suite.app.runtime.redis.commands.set(lock, 'another-worker', { expiration: { type: 'PX', value: 60_000 } });
      const tenantId = await tenant({ interval: HOUR });
      suite.worker = await suite.startWorker();

      // The reconciler, scheduled beside the sync pass at the same cadence, reconciles two stale runs one after the other.
      for (let marker = 0; marker < 2; marker++) {
        const stale = await createUnqueuedRun(suite.app, { workspaceId: suite.world.workspaceA, tenantId: suite.world.tenantA1 });
        await backdateRun(suite.app, stale.id, HOUR);
        await waitForCompletedRun(suite.app, stale.id);
      }
      expect(await syncRunsOf(tenantId)).toEqual([]);

      await suite.app.runtime.redis.commands.del(lock);
      const [run] = await waitFor(
        async () => {
          const runs = await syncRunsOf(tenantId);
          return runs.length > 0 ? runs : undefined;
        },
        15_000,
        100,
        'the scheduled sync',
      );
      const finished = await waitForCompletedRun(suite.app, run!.id, 30_000);
      expect(finished).toMatchObject({ outcome: 'succeeded', initiator: null, context: { trigger: 'schedule' } });
      expect(finished.summaryCounts).toMatchObject({ items_inserted: 4 });
    });
  });
});

import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BaselineSnapshotSchema, type BaselineSnapshot } from '../entities/baseline-snapshot.js';
import { OperationRunSchema, type OperationRun } from '../entities/operation-run.js';
import { SnapshotTruthResolver } from '../services/snapshot-truth-resolver.js';

/** Batching loaders for baseline truth: one query per kind for a whole page of profiles/tenants/snapshots. */
export function createBaselineLoaders(em: EntityManager) {
  const truth = new SnapshotTruthResolver(em);
  return {
    effectiveSnapshotByProfile: new DataLoader<string, BaselineSnapshot | null>(async (profileIds) => {
      const found = await truth.effectiveByProfile(profileIds);
      return profileIds.map((id) => found.get(id) ?? null);
    }),
    latestAttemptedByProfile: new DataLoader<string, BaselineSnapshot | null>(async (profileIds) => {
      const found = await truth.latestAttemptedByProfile(profileIds);
      return profileIds.map((id) => found.get(id) ?? null);
    }),
    itemCountBySnapshot: new DataLoader<string, number>(async (snapshotIds) => {
      const rows = await em.execute<{ id: string; count: number }[]>(
        'select baseline_snapshot_id as id, count(*)::int as count from baseline_snapshot_items where baseline_snapshot_id in (?) group by baseline_snapshot_id',
        [[...snapshotIds]],
      );
      const counts = new Map(rows.map((row) => [row.id, row.count]));
      return snapshotIds.map((id) => counts.get(id) ?? 0);
    }),
    /** The snapshot a capture run produced (its latest one, if it produced several). */
    snapshotByProducerRun: new DataLoader<string, BaselineSnapshot | null>(async (runIds) => {
      const snapshots = await em.find(BaselineSnapshotSchema, { producerRun: { $in: [...runIds] } }, { orderBy: { capturedAt: 'asc', id: 'asc' } });
      const byRun = new Map<string, BaselineSnapshot>();
      for (const snapshot of snapshots) byRun.set(snapshot.producerRun!, snapshot);
      return runIds.map((id) => byRun.get(id) ?? null);
    }),
    /**
     * Each tenant's newest compare run (latest `created_at`, then highest id), or null. One backward
     * step per tenant in the partial index of compare runs, however many compares a tenant has had.
     */
    lastCompareRunByTenant: new DataLoader<string, OperationRun | null>(async (tenantIds) => {
      const rows = await em.execute<{ id: string }[]>(
        `select last.id from unnest(array[?]::uuid[]) as t(tenant_id)
           cross join lateral (select r.id from operation_runs r where r.tenant_id = t.tenant_id and r.type = 'baseline_compare'
                                order by r.created_at desc, r.id desc limit 1) last`,
        [[...tenantIds]],
      );
      const runs = rows.length > 0 ? await em.find(OperationRunSchema, { id: { $in: rows.map((row) => row.id) } }) : [];
      const byTenant = new Map(runs.map((run) => [run.tenant!, run]));
      return tenantIds.map((id) => byTenant.get(id) ?? null);
    }),
  };
}

export type BaselineLoaders = ReturnType<typeof createBaselineLoaders>;

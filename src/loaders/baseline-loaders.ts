import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BaselineSnapshotSchema, type BaselineSnapshot } from '../entities/baseline-snapshot.js';
import { SnapshotTruthResolver, type ProfileTruth } from '../services/snapshot-truth-resolver.js';
import { latestRunByTenant } from './latest-run-loader.js';
import { PrimedLoader } from './primed-loader.js';

/** Batching loaders for baseline truth: one query per kind for a whole page of profiles/tenants/snapshots. */
export function createBaselineLoaders(em: EntityManager, snapshot: PrimedLoader<string, BaselineSnapshot | null>) {
  const resolver = new SnapshotTruthResolver(em);
  const effectiveSnapshotByProfile = new PrimedLoader<string, BaselineSnapshot | null>(async (profileIds) =>
    (await Promise.all(profileIds.map((id) => truth.load(id)))).map((found) => found.effective),
  );
  const latestAttemptedByProfile = new PrimedLoader<string, BaselineSnapshot | null>(async (profileIds) =>
    (await Promise.all(profileIds.map((id) => truth.load(id)))).map((found) => found.latestAttempted),
  );
  // Both kinds of truth for every profile a page asks about, in one statement, primed into both
  // loaders and the snapshot loader (a readiness verdict's snapshot costs nothing more).
  const truth = new DataLoader<string, ProfileTruth>(async (profileIds) => {
    const found = await resolver.byProfile(profileIds);
    return profileIds.map((id) => {
      const { effective, latestAttempted } = found.get(id) ?? { effective: null, latestAttempted: null };
      effectiveSnapshotByProfile.prime(id, effective);
      latestAttemptedByProfile.prime(id, latestAttempted);
      for (const read of [effective, latestAttempted]) if (read) snapshot.prime(read.id, read);
      return { effective, latestAttempted };
    });
  });
  return {
    effectiveSnapshotByProfile,
    latestAttemptedByProfile,
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
    lastCompareRunByTenant: latestRunByTenant(em, 'baseline_compare'),
  };
}

export type BaselineLoaders = ReturnType<typeof createBaselineLoaders>;

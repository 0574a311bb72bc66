import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BaselineSnapshotSchema, type BaselineSnapshot } from '../entities/baseline-snapshot.js';
import { SnapshotTruthResolver, type ProfileTruth } from './snapshot-truth-resolver.js';
import { latestRunByTenant } from '../../operation-runs/services/latest-run-loader.js';
import { PrimedLoader } from '../../../platform/primed-loader.js';

/** Batching loaders for baseline truth: one query per kind for a whole page of profiles/tenants/snapshots. */
export function createSnapshotTruthLoaders(em: EntityManager, snapshot: PrimedLoader<string, BaselineSnapshot | null>) {
  const resolver = new SnapshotTruthResolver(em);
  const effectiveSnapshotByProfile = new PrimedLoader<string, BaselineSnapshot | null>(async (profileIds) =>
    (await Promise.all(profileIds.map((id) => truth.load(id)))).map((found) => found.effective),
  );
  const latestAttemptedByProfile = new PrimedLoader<string, BaselineSnapshot | null>(async (profileIds) =>
    (await Promise.all(profileIds.map((id) => truth.load(id)))).map((found) => found.latestAttempted),
  );
  /** Primes one profile's truth into both loaders and the snapshot loader (a readiness verdict's snapshot costs nothing more). */
  const primeProfileTruth = (profileId: string, { effective, latestAttempted }: ProfileTruth): void => {
    effectiveSnapshotByProfile.prime(profileId, effective);
    latestAttemptedByProfile.prime(profileId, latestAttempted);
    if (effective) snapshot.prime(effective.id, effective);
    if (latestAttempted) snapshot.prime(latestAttempted.id, latestAttempted);
  };
  // Both kinds of truth for every profile a page asks about, in one statement.
  const truth = new DataLoader<string, ProfileTruth>(async (profileIds) => {
    const found = await resolver.byProfile(profileIds);
    return profileIds.map((id) => {
      const read = found.get(id) ?? { effective: null, latestAttempted: null };
      primeProfileTruth(id, read);
      return read;
    });
  });
  return {
    effectiveSnapshotByProfile,
    latestAttemptedByProfile,
    primeProfileTruth,
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

import type { EntityManager } from '@mikro-orm/postgresql';
import type { SnapshotFacts } from '../domain/snapshot-truth.js';
import { BaselineSnapshotSchema, type BaselineSnapshot } from '../entities/baseline-snapshot.js';

export function snapshotFacts(snapshot: BaselineSnapshot): SnapshotFacts {
  return {
    id: snapshot.id,
    profileId: snapshot.profile,
    workspaceId: snapshot.workspace,
    lifecycleState: snapshot.lifecycleState,
    capturedAt: snapshot.capturedAt,
    completedAt: snapshot.completedAt ?? null,
    finalizationReasonCode: snapshot.completionMeta?.finalizationReasonCode ?? null,
  };
}

/**
 * The one place that reads snapshot truth from the database: effective (latest complete) and
 * latest attempted snapshots per profile, in one query for any number of profiles. The profile's
 * `active_snapshot_id` is only a cache of the effective snapshot; truth is always read from here.
 */
export class SnapshotTruthResolver {
  constructor(private readonly em: EntityManager) {}

  async effectiveByProfile(profileIds: readonly string[]): Promise<Map<string, BaselineSnapshot>> {
    return this.firstPerProfile(
      profileIds,
      `lifecycle_state = 'complete'`,
      'completed_at desc nulls last, captured_at desc, id desc',
    );
  }

  async latestAttemptedByProfile(profileIds: readonly string[]): Promise<Map<string, BaselineSnapshot>> {
    return this.firstPerProfile(profileIds, 'true', 'captured_at desc, id desc');
  }

  async effective(profileId: string): Promise<BaselineSnapshot | null> {
    return (await this.effectiveByProfile([profileId])).get(profileId) ?? null;
  }

  async latestAttempted(profileId: string): Promise<BaselineSnapshot | null> {
    return (await this.latestAttemptedByProfile([profileId])).get(profileId) ?? null;
  }

  private async firstPerProfile(profileIds: readonly string[], condition: string, order: string): Promise<Map<string, BaselineSnapshot>> {
    const result = new Map<string, BaselineSnapshot>();
    if (profileIds.length === 0) return result;
    // One index step per profile (a lateral lookup), however many snapshots a profile has.
    const rows = await this.em.execute<{ id: string }[]>(
      `select first.id from unnest(array[?]::uuid[]) as p(profile_id)
         cross join lateral (select id from baseline_snapshots where baseline_profile_id = p.profile_id and ${condition}
                              order by ${order} limit 1) first`,
      [[...new Set(profileIds)]],
    );
    if (rows.length === 0) return result;
    const snapshots = await this.em.find(BaselineSnapshotSchema, { id: { $in: rows.map((row) => row.id) } });
    for (const snapshot of snapshots) result.set(snapshot.profile, snapshot);
    return result;
  }
}

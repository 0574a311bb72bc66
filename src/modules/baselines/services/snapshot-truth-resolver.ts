import type { EntityManager } from '@mikro-orm/postgresql';
import type { SnapshotFacts } from '../domain/snapshot-truth.js';
import { selectRows } from '../../../platform/db/plain-sql.js';
import { rowMapper, selectColumns } from '../../../platform/db/row-mappers.js';
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

export interface ProfileTruth {
  /** The profile's latest complete snapshot, the only one a compare may consume. */
  effective: BaselineSnapshot | null;
  /** The profile's latest snapshot in any state. */
  latestAttempted: BaselineSnapshot | null;
}

/**
 * The statement part that reads snapshot truth: for each profile `profiles` lists (a from-item
 * aliased `p` with a `profile_id` column), its effective (latest complete) snapshot as columns
 * prefixed `e__` and its latest attempted snapshot's id, with its columns prefixed `l__` only when
 * it is not the effective one (usually it is: the row then carries that snapshot once). One index
 * step per profile and kind (lateral lookups), however many snapshots a profile has. Read it back
 * with `truthOfRow`.
 */
export function profileTruthSelect(em: EntityManager, profiles: string): string {
  const columns = (alias: string) => selectColumns(em, BaselineSnapshotSchema, alias);
  return `select p.profile_id, latest.id as latest_id, ${columns('e')}, ${columns('l')}
         from ${profiles}
         left join lateral (select * from baseline_snapshots where baseline_profile_id = p.profile_id and lifecycle_state = 'complete'
                             order by completed_at desc nulls last, captured_at desc, id desc limit 1) e on true
         left join lateral (select id from baseline_snapshots where baseline_profile_id = p.profile_id
                             order by captured_at desc, id desc limit 1) latest on true
         left join baseline_snapshots l on l.id = latest.id and latest.id is distinct from e.id`;
}

/** One profile's truth from a row read with `profileTruthSelect`. */
export function truthOfRow(em: EntityManager, row: Record<string, unknown>): ProfileTruth {
  const effective = rowMapper<BaselineSnapshot>(em, BaselineSnapshotSchema, 'e__')(row);
  const latestId = row.latest_id as string | null;
  const latestAttempted =
    latestId === null ? null : latestId === effective?.id ? effective : rowMapper<BaselineSnapshot>(em, BaselineSnapshotSchema, 'l__')(row);
  return { effective, latestAttempted };
}

/**
 * The one place that reads snapshot truth from the database (with `profileTruthSelect`, which a
 * page statement may embed): the effective and latest attempted snapshots per profile, in one
 * statement for any number of profiles, as plain rows (callers only read them). The profile's
 * `active_snapshot_id` is only a cache of the effective snapshot; truth is always read from here.
 */
export class SnapshotTruthResolver {
  constructor(private readonly em: EntityManager) {}

  async byProfile(profileIds: readonly string[]): Promise<Map<string, ProfileTruth>> {
    const result = new Map<string, ProfileTruth>();
    if (profileIds.length === 0) return result;
    const rows = await selectRows(this.em, profileTruthSelect(this.em, 'unnest(?::uuid[]) as p(profile_id)'), [[...new Set(profileIds)]]);
    for (const row of rows) result.set(row.profile_id as string, truthOfRow(this.em, row));
    return result;
  }

  async effective(profileId: string): Promise<BaselineSnapshot | null> {
    return (await this.byProfile([profileId])).get(profileId)?.effective ?? null;
  }
}

import type { EntityManager } from '@mikro-orm/postgresql';
import { newId } from '../../src/platform/ids.js';
import { WorkspaceMembershipSchema } from '../../src/modules/workspaces/entities/workspace-membership.js';
import { WorkspaceSchema } from '../../src/modules/workspaces/entities/workspace.js';
import { assignProfile, insertItems, insertProfile, insertRun, insertSnapshot } from './baseline-rows.js';
import { insertTenants } from './bulk-fixtures.js';

export interface BaselineBulk {
  workspaceId: string;
  /** Per index i: tenant i is assigned profile i, whose complete snapshot is effective while a newer one builds. */
  tenants: string[];
  profiles: string[];
  effective: string[];
  building: string[];
  compareRuns: string[];
  /** A profile with `count` snapshots in rotating states, each with its own number of items. */
  historyProfile: string;
}

const T0 = Date.UTC(2026, 2, 1);
const STATES = ['complete', 'building', 'incomplete', null] as const;

/**
 * A workspace owned by `ownerId` in which every row of a page has distinct related rows, so an
 * unbatched resolver would cost one statement per row. Fixture data, not behaviour under test.
 */
export async function createBaselineBulk(em: EntityManager, ownerId: string, count: number): Promise<BaselineBulk> {
  const workspaceId = newId();
  em.create(WorkspaceSchema, { id: workspaceId, name: 'Bulk baselines' });
  em.create(WorkspaceMembershipSchema, { id: newId(), workspace: workspaceId, user: ownerId, role: 'owner' });
  await em.flush();

  const pad = (i: number) => String(i).padStart(3, '0');
  const tenants = await insertTenants(
    em,
    workspaceId,
    Array.from({ length: count }, (_, i) => `Tenant ${pad(i)}`),
  );
  const bulk: BaselineBulk = { workspaceId, tenants, profiles: [], effective: [], building: [], compareRuns: [], historyProfile: '' };
  for (let i = 0; i < count; i++) {
    const profileId = await insertProfile(em, workspaceId, `Profile ${pad(i)}`);
    bulk.profiles.push(profileId);
    bulk.effective.push(await insertSnapshot(em, { workspaceId, profileId, lifecycleState: 'complete', capturedAt: new Date(T0 + i * 60_000), items: 1 }));
    bulk.building.push(await insertSnapshot(em, { workspaceId, profileId, lifecycleState: 'building', capturedAt: new Date(T0 + (count + i) * 60_000) }));
    await assignProfile(em, workspaceId, tenants[i]!, profileId);
    bulk.compareRuns.push(
      await insertRun(em, {
        workspaceId,
        tenantId: tenants[i]!,
        type: 'baseline_compare',
        status: 'completed',
        context: { baselineSnapshotId: bulk.effective[i] },
      }),
    );
  }

  bulk.historyProfile = await insertProfile(em, workspaceId, 'History');
  for (let i = 0; i < count; i++) {
    const snapshotId = await insertSnapshot(em, {
      workspaceId,
      profileId: bulk.historyProfile,
      lifecycleState: STATES[i % STATES.length]!,
      capturedAt: new Date(T0 + i * 60_000),
    });
    await insertItems(em, snapshotId, (i % 3) + 1);
  }
  return bulk;
}

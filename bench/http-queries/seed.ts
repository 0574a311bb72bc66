import type { EntityManager } from '@mikro-orm/postgresql';
import { newId } from '../../src/platform/ids.js';
import { UserSchema } from '../../src/modules/workspaces/entities/user.js';
import { WorkspaceMembershipSchema } from '../../src/modules/workspaces/entities/workspace-membership.js';
import { createBaselineBulk } from '../../tests/support/baseline-bulk.js';
import { insertRuns } from '../../tests/support/bulk-fixtures.js';

export interface HttpWorld {
  workspaceId: string;
  ownerId: string;
}

/**
 * The workspace the dashboard reads: `tenants` tenants, each with its own baseline profile (a
 * complete snapshot, a newer one building) and a compare run, and `runs` queued runs spread over the
 * tenants, started by ten members with workspace names of their own.
 */
export async function seedHttpWorld(em: EntityManager, tenants: number, runs: number): Promise<HttpWorld> {
  const ownerId = newId();
  em.create(UserSchema, { id: ownerId, email: `owner-${ownerId}@bench.test`, displayName: 'Bench owner' });
  await em.flush();
  const bulk = await createBaselineBulk(em, ownerId, tenants);
  const initiators = Array.from({ length: 10 }, (_, i) => {
    const id = newId();
    em.create(UserSchema, { id, email: `member-${i}-${id}@bench.test`, displayName: `Account ${i}` });
    em.create(WorkspaceMembershipSchema, { id: newId(), workspace: bulk.workspaceId, user: id, role: 'operator', displayName: `Member ${i}` });
    return id;
  });
  await em.flush();
  await insertRuns(
    em,
    Array.from({ length: runs }, (_, i) => ({
      workspaceId: bulk.workspaceId,
      tenantId: bulk.tenants[i % tenants]!,
      initiatorId: initiators[i % initiators.length]!,
    })),
  );
  return { workspaceId: bulk.workspaceId, ownerId };
}

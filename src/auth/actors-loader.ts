import type { EntityManager } from '@mikro-orm/postgresql';
import { TenantMembershipSchema } from '../entities/tenant-membership.js';
import { UserSchema } from '../entities/user.js';
import { WorkspaceMembershipSchema } from '../entities/workspace-membership.js';
import type { Actor } from './actor.js';
import type { WorkspaceRole } from './capabilities.js';

/**
 * Loads many users' current entitlements in three queries; users that no longer exist map to null.
 * Subscriptions use it to authorize every event with the subscriber's authorization as it is now.
 */
export async function loadActors(em: EntityManager, userIds: readonly string[]): Promise<Map<string, Actor | null>> {
  const ids = [...new Set(userIds)];
  const result = new Map<string, Actor | null>(ids.map((id) => [id, null]));
  if (ids.length === 0) return result;
  const [users, memberships, grants] = await Promise.all([
    em.find(UserSchema, { id: { $in: ids } }),
    em.find(WorkspaceMembershipSchema, { user: { $in: ids } }),
    em.find(TenantMembershipSchema, { user: { $in: ids } }),
  ]);
  for (const user of users) {
    const roles = new Map<string, WorkspaceRole>();
    for (const membership of memberships) if (membership.user === user.id) roles.set(membership.workspace, membership.role);
    const tenantGrants = new Map<string, Set<string>>();
    for (const grant of grants) {
      if (grant.user !== user.id || !roles.has(grant.workspace)) continue;
      let set = tenantGrants.get(grant.workspace);
      if (!set) tenantGrants.set(grant.workspace, (set = new Set()));
      set.add(grant.tenant);
    }
    result.set(user.id, { user, roles, tenantGrants });
  }
  return result;
}

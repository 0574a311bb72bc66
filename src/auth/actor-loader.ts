import type { EntityManager } from '@mikro-orm/postgresql';
import { TenantMembershipSchema } from '../entities/tenant-membership.js';
import { UserSchema } from '../entities/user.js';
import { WorkspaceMembershipSchema } from '../entities/workspace-membership.js';
import type { Actor } from './actor.js';
import type { WorkspaceRole } from './capabilities.js';

/** Loads the user and all their entitlements; null when the user no longer exists. */
export async function loadActor(em: EntityManager, userId: string): Promise<Actor | null> {
  const user = await em.findOne(UserSchema, { id: userId });
  if (!user) return null;
  const [memberships, grants] = await Promise.all([
    em.find(WorkspaceMembershipSchema, { user: userId }),
    em.find(TenantMembershipSchema, { user: userId }),
  ]);
  const roles = new Map<string, WorkspaceRole>();
  for (const membership of memberships) roles.set(membership.workspace, membership.role);
  const tenantGrants = new Map<string, Set<string>>();
  for (const grant of grants) {
    if (!roles.has(grant.workspace)) continue;
    let set = tenantGrants.get(grant.workspace);
    if (!set) tenantGrants.set(grant.workspace, (set = new Set()));
    set.add(grant.tenant);
  }
  return { user, roles, tenantGrants };
}

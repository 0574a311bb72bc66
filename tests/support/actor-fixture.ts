import type { Actor } from '../../src/modules/workspaces/auth/actor.js';
import type { WorkspaceRole } from '../../src/modules/workspaces/auth/capabilities.js';

/** An actor for pure authorization rules: `role` in `workspaceId` (none when null), granted `grantedTenants` there. */
export function actorIn(workspaceId: string, role: WorkspaceRole | null, grantedTenants: string[] = []): Actor {
  const now = new Date();
  return {
    user: { id: 'user-1', email: 'user@example.test', displayName: 'User', createdAt: now, updatedAt: now },
    roles: new Map(role ? [[workspaceId, role]] : []),
    tenantGrants: new Map(grantedTenants.length > 0 ? [[workspaceId, new Set(grantedTenants)]] : []),
  };
}

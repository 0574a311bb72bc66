import type { Actor } from '../../workspaces/auth/actor.js';
import { isEntitled, roleIn } from '../../workspaces/auth/authorize.js';
import { roleCoversAllTenants } from '../../workspaces/auth/capabilities.js';

/**
 * Who may see what a baseline snapshot captured. The snapshot is workspace-owned: every member
 * with `baselines.view` sees it, its lifecycle, truth, counts and subjects (the baseline's
 * definition, which compare findings show for every compared tenant). Its payloads, its source
 * tenant and its capture run are the source tenant's data: only members entitled to that tenant
 * see them, and when the source is unknown (an imported snapshot), only members who see every tenant.
 */
export function maySeeSnapshotSource(actor: Actor, workspaceId: string, sourceTenantId: string | null): boolean {
  const role = roleIn(actor, workspaceId);
  if (!role) return false;
  if (roleCoversAllTenants(role)) return true;
  return sourceTenantId !== null && isEntitled(actor, { workspaceId, tenantId: sourceTenantId });
}

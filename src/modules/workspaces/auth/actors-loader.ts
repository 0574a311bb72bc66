import type { EntityManager } from '@mikro-orm/postgresql';
import { selectRows } from '../../../platform/db/plain-sql.js';
import { rowMapper, selectColumns } from '../../../platform/db/row-mappers.js';
import { UserSchema, type User } from '../entities/user.js';
import type { Actor } from './actor.js';
import type { WorkspaceRole } from './capabilities.js';

interface EntitlementRow extends Record<string, unknown> {
  id: string;
  /** [workspace id, role] per workspace membership. */
  roles: [string, WorkspaceRole][];
  /** [workspace id, tenant id] per tenant grant. */
  grants: [string, string][];
}

/**
 * Loads many users' current entitlements (account, workspace roles, tenant grants) in one
 * statement; users that no longer exist map to null. Requests resolve their caller with it, and
 * subscriptions authorize every event with the subscriber's authorization as it is now.
 */
export async function loadActors(em: EntityManager, userIds: readonly string[]): Promise<Map<string, Actor | null>> {
  const ids = [...new Set(userIds)];
  const result = new Map<string, Actor | null>(ids.map((id) => [id, null]));
  if (ids.length === 0) return result;
  const rows = await selectRows<EntitlementRow>(
    em,
    `select ${selectColumns(em, UserSchema, 'u', '')},
            coalesce((select json_agg(json_build_array(m.workspace_id, m.role)) from workspace_memberships m where m.user_id = u.id), '[]') as roles,
            coalesce((select json_agg(json_build_array(g.workspace_id, g.tenant_id)) from tenant_memberships g where g.user_id = u.id), '[]') as grants
       from users u where u.id = any(?::uuid[])`,
    [ids],
  );
  const toUser = rowMapper<User>(em, UserSchema);
  for (const row of rows) {
    const roles = new Map<string, WorkspaceRole>(row.roles);
    const tenantGrants = new Map<string, Set<string>>();
    for (const [workspaceId, tenantId] of row.grants) {
      if (!roles.has(workspaceId)) continue;
      let set = tenantGrants.get(workspaceId);
      if (!set) tenantGrants.set(workspaceId, (set = new Set()));
      set.add(tenantId);
    }
    result.set(row.id, { user: toUser(row)!, roles, tenantGrants });
  }
  return result;
}

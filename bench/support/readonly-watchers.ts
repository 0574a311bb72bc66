import { newId } from '../../src/platform/ids.js';
import { TenantMembershipSchema } from '../../src/modules/tenants/entities/tenant-membership.js';
import { UserSchema } from '../../src/modules/workspaces/entities/user.js';
import { WorkspaceMembershipSchema } from '../../src/modules/workspaces/entities/workspace-membership.js';
import type { BenchStack } from './bench-stack.js';

/** `count` readonly members of a workspace, each granted one tenant (dashboard watchers); returns their ids. */
export async function createReadonlyWatchers(stack: BenchStack, workspaceId: string, tenantId: string, count: number): Promise<string[]> {
  const em = stack.orm.em.fork();
  const ids = Array.from({ length: count }, () => newId());
  for (const id of ids) {
    em.create(UserSchema, { id, email: `watcher-${id}@example.test`, displayName: 'Bench watcher' });
    em.create(WorkspaceMembershipSchema, { id: newId(), workspace: workspaceId, user: id, role: 'readonly' });
    em.create(TenantMembershipSchema, { id: newId(), workspace: workspaceId, tenant: tenantId, user: id });
  }
  await em.flush();
  return ids;
}

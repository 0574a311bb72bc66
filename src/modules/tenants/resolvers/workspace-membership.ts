import { TenantMembershipSchema } from '../entities/tenant-membership.js';
import type { Tenant } from '../entities/tenant.js';
import { can } from '../../workspaces/auth/authorize.js';
import { requireActor } from '../../workspaces/auth/request-actor.js';
import type { WorkspaceMembershipResolvers } from '../../../generated/resolvers-types.js';

export const workspaceMembership: WorkspaceMembershipResolvers = {
  grantedTenants: async (membership, _args, context) => {
    const actor = requireActor(context);
    const grants = await context.em.find(TenantMembershipSchema, { workspace: membership.workspace, user: membership.user });
    const tenants = await Promise.all(grants.map((grant) => context.loaders.tenant.load(grant.tenant)));
    return tenants.filter((tenant): tenant is Tenant => tenant !== null && can(actor, { workspaceId: tenant.workspace, tenantId: tenant.id }, 'tenant.view'));
  },
};

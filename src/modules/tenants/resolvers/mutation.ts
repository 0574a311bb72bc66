import { parseId } from '../../../platform/graphql/id-arguments.js';
import { TenantAccessService } from '../services/tenant-access-service.js';
import { authorizedWorkspace } from '../../workspaces/auth/authorized-workspace.js';
import { actorId } from '../../workspaces/auth/request-actor.js';
import { authorizedTenant } from '../authorized-tenant.js';
import { TenantService } from '../services/tenant-service.js';
import type { MutationResolvers } from '../../../generated/resolvers-types.js';

export const mutation: MutationResolvers = {
  createTenant: async (_root, { input }, context) => {
    const workspace = await authorizedWorkspace(context, input.workspaceId, 'tenants.manage', 'workspaceId');
    return new TenantService(context.em).create(actorId(context), workspace.id, input.name, input.externalTenantId);
  },
  updateTenant: async (_root, { input }, context) => {
    const tenant = await authorizedTenant(context, input.id, 'tenants.manage');
    return new TenantService(context.em).update(actorId(context), tenant, { name: input.name, externalTenantId: input.externalTenantId });
  },
  archiveTenant: async (_root, { id }, context) => {
    const tenant = await authorizedTenant(context, id, 'tenants.manage');
    return new TenantService(context.em).archive(actorId(context), tenant);
  },
  grantTenantAccess: async (_root, { input }, context) => {
    const tenant = await authorizedTenant(context, input.tenantId, 'members.manage', 'tenantId');
    return new TenantAccessService(context.em, context.runtime.entitlements).grantTenant(actorId(context), tenant, parseId(input.userId, 'userId'));
  },
  revokeTenantAccess: async (_root, { input }, context) => {
    const tenant = await authorizedTenant(context, input.tenantId, 'members.manage', 'tenantId');
    return new TenantAccessService(context.em, context.runtime.entitlements).revokeTenant(actorId(context), tenant, parseId(input.userId, 'userId'));
  },
};

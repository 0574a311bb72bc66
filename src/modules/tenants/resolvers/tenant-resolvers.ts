import { can } from '../../workspaces/auth/authorize.js';
import { requireActor, actorId } from '../../workspaces/auth/request-actor.js';
import { InventoryItemSchema } from '../../inventory/entities/inventory-item.js';
import { paginate } from '../../../platform/graphql/connection.js';
import type { Resolvers } from '../../../generated/resolvers-types.js';
import { InventoryService } from '../../inventory/services/inventory-service.js';
import { TenantService } from '../services/tenant-service.js';
import { authorizedTenant } from '../authorized-tenant.js';
import { authorizedWorkspace } from '../../workspaces/auth/authorized-workspace.js';

export const tenantResolvers: Resolvers = {
  Query: {
    tenant: (_root, { id }, context) => authorizedTenant(context, id, 'tenant.view'),
  },

  Mutation: {
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
    reportInventory: async (_root, { input }, context) => {
      const tenant = await authorizedTenant(context, input.tenantId, 'tenant.inventory.report', 'tenantId');
      const service = new InventoryService(context.em, context.runtime.config.graphql.maxInventoryItemsPerCall);
      const result = await service.report(actorId(context), tenant, {
        syncToken: input.syncToken,
        complete: input.complete,
        items: input.items,
      });
      return { tenant, ...result };
    },
  },

  Tenant: {
    __resolveReference: (reference, context) => authorizedTenant(context, reference.id, 'tenant.view'),
    workspace: async (tenant, _args, context) => (await context.loaders.workspace.load(tenant.workspace))!,
    assignedBaselineProfile: async (tenant, _args, context) => {
      if (!can(requireActor(context), { workspaceId: tenant.workspace }, 'baselines.view')) return null;
      const [assignment] = await context.loaders.assignmentsByTenant.load(tenant.id);
      return assignment ? context.loaders.profile.load(assignment.profile) : null;
    },
    inventory: (tenant, { first, after, filter }, context) => {
      const qb = context.em.createQueryBuilder(InventoryItemSchema, 'i').where({ tenant: tenant.id });
      if (!filter?.includeRemoved) qb.andWhere({ removedAt: null });
      if (filter?.policyType) qb.andWhere({ policyType: filter.policyType });
      return paginate(
        qb,
        {
          connection: 'inventory',
          columns: [
            { sql: 'i.policy_type', cast: 'text' },
            { sql: 'i.external_id', cast: 'text' },
          ],
          direction: 'asc',
          keyOf: (item) => [item.policyType, item.externalId],
        },
        { first, after },
      );
    },
  },
};

import { paginate } from '../../../platform/graphql/connection.js';
import { InventoryItemSchema } from '../entities/inventory-item.js';
import type { TenantResolvers } from '../../../generated/resolvers-types.js';

export const tenant: TenantResolvers = {
  inventorySync: (tenant) => tenant,
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
};

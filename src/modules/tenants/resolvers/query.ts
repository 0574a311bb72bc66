import { authorizedTenant } from '../authorized-tenant.js';
import type { QueryResolvers } from '../../../generated/resolvers-types.js';

export const query: QueryResolvers = {
  tenant: (_root, { id }, context) => authorizedTenant(context, id, 'tenant.view'),
};

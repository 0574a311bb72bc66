import { authorizedTenant } from '../authorized-tenant.js';
import type { TenantResolvers } from '../../../generated/resolvers-types.js';

export const tenant: TenantResolvers = {
  __resolveReference: (reference, context) => authorizedTenant(context, reference.id, 'tenant.view'),
  workspace: async (tenant, _args, context) => (await context.loaders.workspace.load(tenant.workspace))!,
};

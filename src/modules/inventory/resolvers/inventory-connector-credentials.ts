import type { InventoryConnectorCredentialsResolvers } from '../../../generated/resolvers-types.js';

export const inventoryConnectorCredentials: InventoryConnectorCredentialsResolvers = {
  directory: async (credentials, _args, context) => (await context.loaders.tenant.load(credentials.tenant))!.externalTenantId,
  updatedBy: (credentials, _args, context) =>
    credentials.updatedBy ? context.loaders.userInWorkspace.load({ workspaceId: credentials.workspace, userId: credentials.updatedBy }) : null,
};

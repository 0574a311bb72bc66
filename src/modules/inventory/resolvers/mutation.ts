import { InventoryService } from '../services/inventory-service.js';
import type { RequestContext } from '../../../platform/graphql/request-context.js';
import { authorizedTenant } from '../../tenants/authorized-tenant.js';
import { actorId } from '../../workspaces/auth/request-actor.js';
import { CredentialCipher } from '../connectors/credential-cipher.js';
import { InventorySyncSettingsService } from '../services/inventory-sync-settings-service.js';
import { InventorySyncStartService } from '../services/inventory-sync-start-service.js';
import type { MutationResolvers } from '../../../generated/resolvers-types.js';

function settings(context: RequestContext): InventorySyncSettingsService {
  return new InventorySyncSettingsService(context.em, new CredentialCipher(context.runtime.config.inventorySync.credentialKeys));
}

export const mutation: MutationResolvers = {
  startInventorySync: async (_root, { tenantId }, context) => {
    const tenant = await authorizedTenant(context, tenantId, 'tenant.sync.start', 'tenantId');
    const result = await new InventorySyncStartService(context.em, context.runtime.runs).start(actorId(context), tenant, 'manual');
    if (result.kind === 'blocked') return { __typename: 'InventorySyncBlocked', reason: context.runtime.reasons.describe(result.reasonCode) };
    return { __typename: 'InventorySyncStarted', run: result.run, created: result.created };
  },
  setInventoryConnectorCredentials: async (_root, { input }, context) => {
    const tenant = await authorizedTenant(context, input.tenantId, 'tenants.manage', 'tenantId');
    return settings(context).setCredentials(actorId(context), tenant, { clientId: input.clientId, clientSecret: input.clientSecret });
  },
  removeInventoryConnectorCredentials: async (_root, { tenantId }, context) => {
    const tenant = await authorizedTenant(context, tenantId, 'tenants.manage', 'tenantId');
    return settings(context).removeCredentials(actorId(context), tenant);
  },
  setInventorySyncInterval: async (_root, { input }, context) => {
    const tenant = await authorizedTenant(context, input.tenantId, 'tenants.manage', 'tenantId');
    return settings(context).setInterval(actorId(context), tenant, input.intervalSeconds ?? null);
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
};

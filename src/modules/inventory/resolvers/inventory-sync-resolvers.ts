import { can } from '../../workspaces/auth/authorize.js';
import { CredentialCipher } from '../connectors/credential-cipher.js';
import { requireActor, actorId } from '../../workspaces/auth/request-actor.js';
import { type RequestContext } from '../../../platform/graphql/request-context.js';
import { nextScheduledSyncAt } from '../domain/inventory-sync-rules.js';
import { describeReason } from '../../operation-runs/domain/reason-catalog.js';
import type { Resolvers } from '../../../generated/resolvers-types.js';
import { InventorySyncSettingsService } from '../services/inventory-sync-settings-service.js';
import { InventorySyncStartService } from '../services/inventory-sync-start-service.js';
import { authorizedTenant } from '../../tenants/authorized-tenant.js';

function settings(context: RequestContext): InventorySyncSettingsService {
  return new InventorySyncSettingsService(context.em, new CredentialCipher(context.runtime.config.inventorySync.credentialKeys));
}

export const inventorySyncResolvers: Resolvers = {
  Mutation: {
    startInventorySync: async (_root, { tenantId }, context) => {
      const tenant = await authorizedTenant(context, tenantId, 'tenant.sync.start', 'tenantId');
      const result = await new InventorySyncStartService(context.em, context.runtime.runs).start(actorId(context), tenant, 'manual');
      if (result.kind === 'blocked') return { __typename: 'InventorySyncBlocked', reason: describeReason(result.reasonCode) };
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
  },

  Tenant: {
    inventorySync: (tenant) => tenant,
  },

  InventorySync: {
    configured: async (tenant, _args, context) => (await context.loaders.credentialsByTenant.load(tenant.id)) !== null,
    credentials: (tenant, _args, context) => context.loaders.credentialsByTenant.load(tenant.id),
    intervalSeconds: (tenant) => tenant.inventorySyncIntervalSeconds ?? null,
    nextScheduledAt: async (tenant, _args, context) => {
      if (tenant.status !== 'active' || !(await context.loaders.credentialsByTenant.load(tenant.id))) return null;
      const last = await context.loaders.lastSyncRunByTenant.load(tenant.id);
      return nextScheduledSyncAt(tenant.inventorySyncIntervalSeconds ?? null, last?.createdAt ?? null, context.now);
    },
    lastRun: (tenant, _args, context) => {
      if (!can(requireActor(context), { workspaceId: tenant.workspace, tenantId: tenant.id }, 'operations.view')) return null;
      return context.loaders.lastSyncRunByTenant.load(tenant.id);
    },
  },

  InventoryConnectorCredentials: {
    directory: async (credentials, _args, context) => (await context.loaders.tenant.load(credentials.tenant))!.externalTenantId,
    updatedBy: (credentials, _args, context) =>
      credentials.updatedBy ? context.loaders.userInWorkspace.load({ workspaceId: credentials.workspace, userId: credentials.updatedBy }) : null,
  },
};

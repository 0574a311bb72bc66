import { can } from '../../workspaces/auth/authorize.js';
import { requireActor } from '../../workspaces/auth/request-actor.js';
import { nextScheduledSyncAt } from '../domain/inventory-sync-rules.js';
import type { InventorySyncResolvers } from '../../../generated/resolvers-types.js';

export const inventorySync: InventorySyncResolvers = {
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
};

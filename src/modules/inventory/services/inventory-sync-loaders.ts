import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { TenantConnectorCredentialSchema, type TenantConnectorCredential } from '../entities/tenant-connector-credential.js';
import { latestRunByTenant } from '../../operation-runs/services/latest-run-loader.js';

/** Batching loaders for tenants' inventory sync settings and runs. */
export function createInventorySyncLoaders(em: EntityManager) {
  return {
    credentialsByTenant: new DataLoader<string, TenantConnectorCredential | null>(async (tenantIds) => {
      const rows = await em.find(TenantConnectorCredentialSchema, { tenant: { $in: [...tenantIds] } });
      const byTenant = new Map(rows.map((row) => [row.tenant, row]));
      return tenantIds.map((id) => byTenant.get(id) ?? null);
    }),
    lastSyncRunByTenant: latestRunByTenant(em, 'inventory_sync'),
  };
}

type InventorySyncLoaders = ReturnType<typeof createInventorySyncLoaders>;

declare module '../../../platform/graphql/loaders.js' {
  interface Loaders extends InventorySyncLoaders {}
}

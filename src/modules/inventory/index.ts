import type { OperationRegistry } from '../operation-runs/jobs/operation-registry.js';
import type { RunHooks } from '../operation-runs/services/run-terminal-effects.js';
import { InventoryItemSchema } from './entities/inventory-item.js';
import { InventorySyncStagedItemSchema } from './entities/inventory-sync-staged-item.js';
import { TenantConnectorCredentialSchema } from './entities/tenant-connector-credential.js';
import { inventorySyncOperation } from './jobs/inventory-sync-operation.js';
import { discardStagedInventory } from './services/inventory-sync-service.js';

/** A tenant's inventory: reported by push or pulled by the inventory sync operation through a connector. */
export const typeDefs = new URL('./schema.graphql', import.meta.url);
export { resolvers } from './resolvers/index.js';
export const entities = [InventoryItemSchema, InventorySyncStagedItemSchema, TenantConnectorCredentialSchema];

export function registerOperations(registry: OperationRegistry): void {
  registry.register('inventory_sync', inventorySyncOperation);
}

/** A sync that ends, or whose attempt is handed back, leaves no staged generation behind. */
export const runHooks: RunHooks = {
  terminal: { inventory_sync: discardStagedInventory },
  attemptReleased: { inventory_sync: discardStagedInventory },
};

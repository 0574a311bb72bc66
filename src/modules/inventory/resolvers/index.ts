import { inventoryConnectorCredentials } from './inventory-connector-credentials.js';
import { inventorySync } from './inventory-sync.js';
import { mutation } from './mutation.js';
import { tenant } from './tenant.js';
import type { Resolvers } from '../../../generated/resolvers-types.js';

/** The resolvers of this module's types and of the root fields it adds, one file per type. */
export const resolvers: Resolvers = {
  InventoryConnectorCredentials: inventoryConnectorCredentials,
  InventorySync: inventorySync,
  Mutation: mutation,
  Tenant: tenant,
};

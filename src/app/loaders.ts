import type { EntityManager } from '@mikro-orm/postgresql';
import { createBaselineLoaders } from '../modules/baselines/loaders.js';
import { createInventorySyncLoaders } from '../modules/inventory/services/inventory-sync-loaders.js';
import { createNotificationLoaders } from '../modules/notifications/loaders.js';
import { createRunLoaders } from '../modules/operation-runs/loaders.js';
import { createTenantLoaders } from '../modules/tenants/loaders.js';
import { createWorkspaceLoaders } from '../modules/workspaces/loaders.js';
import type { Loaders } from '../platform/graphql/loaders.js';

/** Per-request batching loaders of every module: each list field resolves its related rows in one query per type. */
export function createLoaders(em: EntityManager): Loaders {
  return {
    ...createWorkspaceLoaders(em),
    ...createTenantLoaders(em),
    ...createNotificationLoaders(em),
    ...createRunLoaders(em),
    ...createInventorySyncLoaders(em),
    ...createBaselineLoaders(em),
  };
}

import type { EntitySchema } from '@mikro-orm/postgresql';
import type { Resolvers } from '../generated/resolvers-types.js';
import * as baselines from '../modules/baselines/index.js';
import type { BaselineOperationOverrides } from '../modules/baselines/index.js';
import * as inventory from '../modules/inventory/index.js';
import * as notifications from '../modules/notifications/index.js';
import type { OperationRegistry } from '../modules/operation-runs/jobs/operation-registry.js';
import * as operationRuns from '../modules/operation-runs/index.js';
import type { RunHooks } from '../modules/operation-runs/services/run-terminal-effects.js';
import * as tenants from '../modules/tenants/index.js';
import * as workspaces from '../modules/workspaces/index.js';
import type { AppConfig } from '../platform/config.js';

/** What a feature module hands the composition root (its `index.ts`). */
export interface FeatureModule {
  /** The module's SDL. */
  typeDefs: URL;
  resolvers: Resolvers;
  entities: EntitySchema<any, any>[];
  registerOperations?(registry: OperationRegistry, config: AppConfig, overrides: RegistryOverrides): void;
  runHooks?: RunHooks;
}

/** Test seams of the operations (e.g. a capture's batch size or fault injection). */
export type RegistryOverrides = BaselineOperationOverrides;

/** Every feature module, in layer order. */
export const MODULES: readonly FeatureModule[] = [workspaces, tenants, operationRuns, notifications, inventory, baselines];

import { loadInventorySyncConfig } from '../modules/inventory/services/inventory-sync-config.js';
import { loadLifecycleConfig } from '../modules/operation-runs/services/lifecycle-config.js';
import { loadPlatformConfig, type AppConfig } from '../platform/config.js';

/** The whole configuration from the environment: the platform's sections and each module's. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const platform = loadPlatformConfig(env);
  return {
    ...platform,
    lifecycle: loadLifecycleConfig(env),
    inventorySync: loadInventorySyncConfig(env, platform.env, platform.auth.jwtSecret),
  };
}

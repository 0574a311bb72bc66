import type { AppConfig } from '../platform/config.js';
import { OperationRegistry } from '../modules/operation-runs/jobs/operation-registry.js';
import { MODULES, type RegistryOverrides } from './modules.js';
import { REASONS } from './reasons.js';

/** Every operation type this build can execute: what each module registers. */
export function buildRegistry(config: AppConfig, overrides: RegistryOverrides = {}): OperationRegistry {
  const registry = new OperationRegistry(REASONS);
  for (const module of MODULES) module.registerOperations?.(registry, config, overrides);
  return registry;
}

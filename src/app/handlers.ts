import { REASONS } from './reasons.js';
import type { AppConfig } from '../platform/config.js';
import { OperationRegistry } from '../modules/operation-runs/jobs/operation-registry.js';
import { baselineCaptureHandler, type CaptureHandlerOptions } from '../modules/baselines/jobs/baseline-capture.js';
import { baselineCompareHandler } from '../modules/baselines/jobs/baseline-compare.js';
import { inventorySyncHandler } from '../modules/inventory/jobs/inventory-sync.js';
import { inventorySyncExtras } from '../modules/inventory/jobs/inventory-sync-operation.js';
import { testOperation } from '../modules/operation-runs/jobs/test-operation.js';

export interface RegistryOverrides {
  capture?: Partial<CaptureHandlerOptions>;
}

/** Every operation type this build can execute. */
export function buildRegistry(config: AppConfig, overrides: RegistryOverrides = {}): OperationRegistry {
  const registry = new OperationRegistry(REASONS);
  registry.register('baseline_capture', baselineCaptureHandler({ batchSize: config.baselines.captureBatchSize, ...overrides.capture }));
  registry.register('baseline_compare', baselineCompareHandler);
  registry.register('inventory_sync', inventorySyncHandler, inventorySyncExtras);
  if (config.lifecycle.testOperations) registry.register('test.noop', testOperation);
  return registry;
}

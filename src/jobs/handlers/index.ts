import type { AppConfig } from '../../config.js';
import { OperationRegistry } from '../operation-registry.js';
import { baselineCaptureHandler, type CaptureHandlerOptions } from './baseline-capture.js';
import { baselineCompareHandler } from './baseline-compare.js';
import { inventorySyncHandler } from './inventory-sync.js';
import { testOperation } from './test-operation.js';

export interface RegistryOverrides {
  capture?: Partial<CaptureHandlerOptions>;
}

/** Every operation type this build can execute. */
export function buildRegistry(config: AppConfig, overrides: RegistryOverrides = {}): OperationRegistry {
  const registry = new OperationRegistry();
  registry.register('baseline_capture', baselineCaptureHandler({ batchSize: config.baselines.captureBatchSize, ...overrides.capture }));
  registry.register('baseline_compare', baselineCompareHandler);
  registry.register('inventory_sync', inventorySyncHandler);
  if (config.lifecycle.testOperations) registry.register('test.noop', testOperation);
  return registry;
}

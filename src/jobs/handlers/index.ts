import type { AppConfig } from '../../config.js';
import { OperationRegistry } from '../operation-registry.js';
import { testOperation } from './test-operation.js';

/** Every operation type this build can execute. */
export function buildRegistry(config: AppConfig): OperationRegistry {
  const registry = new OperationRegistry();
  if (config.lifecycle.testOperations) registry.register('test.noop', testOperation);
  return registry;
}

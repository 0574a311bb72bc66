import type { AppConfig } from '../../platform/config.js';
import { OperationRunReconciliationCountSchema } from './entities/operation-run-reconciliation-count.js';
import { OperationRunSchema } from './entities/operation-run.js';
import { readTestScript } from './jobs/operation-contracts.js';
import type { OperationRegistry } from './jobs/operation-registry.js';
import { testOperation } from './jobs/test-operation.js';

/** Operation runs: their lifecycle, queue, worker, reconciler and the diagnostic test operation. */
export const typeDefs = new URL('./schema.graphql', import.meta.url);
export { resolvers } from './resolvers/index.js';
export const entities = [OperationRunSchema, OperationRunReconciliationCountSchema];

export function registerOperations(registry: OperationRegistry, config: AppConfig): void {
  if (config.lifecycle.testOperations) registry.register('test.noop', { readInput: readTestScript, handler: testOperation });
}

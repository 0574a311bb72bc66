import type { AppConfig } from '../../platform/config.js';
import type { OperationRegistry } from '../operation-runs/jobs/operation-registry.js';
import type { RunHooks } from '../operation-runs/services/run-terminal-effects.js';
import { BaselineProfileSchema } from './entities/baseline-profile.js';
import { BaselineSnapshotItemSchema } from './entities/baseline-snapshot-item.js';
import { BaselineSnapshotSchema } from './entities/baseline-snapshot.js';
import { BaselineTenantAssignmentSchema } from './entities/baseline-tenant-assignment.js';
import { FindingSchema } from './entities/finding.js';
import { baselineCaptureHandler, type CaptureHandlerOptions } from './jobs/baseline-capture.js';
import { baselineCompareHandler } from './jobs/baseline-compare.js';
import { readCaptureInput, readCompareInput } from './jobs/baseline-contracts.js';
import { finalizeOrphanedCaptureSnapshots } from './services/baseline-capture-service.js';

/** Baseline profiles and their assignments, snapshot capture and truth, compare and drift findings. */
export const typeDefs = new URL('./schema.graphql', import.meta.url);
export { resolvers } from './resolvers/index.js';
export const entities = [BaselineProfileSchema, BaselineTenantAssignmentSchema, BaselineSnapshotSchema, BaselineSnapshotItemSchema, FindingSchema];

export interface BaselineOperationOverrides {
  capture?: Partial<CaptureHandlerOptions>;
}

export function registerOperations(registry: OperationRegistry, config: AppConfig, overrides: BaselineOperationOverrides = {}): void {
  registry.register('baseline_capture', {
    readInput: readCaptureInput,
    handler: baselineCaptureHandler({ batchSize: config.baselines.captureBatchSize, ...overrides.capture }),
  });
  registry.register('baseline_compare', { readInput: readCompareInput, handler: baselineCompareHandler });
}

/** A capture that ends, or whose attempt is handed back, leaves no snapshot building. */
export const runHooks: RunHooks = {
  terminal: { baseline_capture: finalizeOrphanedCaptureSnapshots },
  attemptReleased: { baseline_capture: finalizeOrphanedCaptureSnapshots },
};

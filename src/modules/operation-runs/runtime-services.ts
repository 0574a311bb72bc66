import type { ReasonCatalog } from './domain/reason-catalog.js';
import type { QueueGateway } from './jobs/queue-gateway.js';
import type { OperationRunReconciler } from './services/operation-run-reconciler.js';
import type { OperationRunService } from './services/operation-run-service.js';
import type { RunMetrics } from './services/run-metrics.js';

declare module '../../platform/runtime.js' {
  interface Runtime {
    queues: QueueGateway;
    metrics: RunMetrics;
    runs: OperationRunService;
    reconciler: OperationRunReconciler;
    /** Every module's reasons. */
    reasons: ReasonCatalog;
  }
}

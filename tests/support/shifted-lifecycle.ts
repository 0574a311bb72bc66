import { OperationRunReconciler } from '../../src/modules/operation-runs/services/operation-run-reconciler.js';
import { OperationRunService, type RunServiceDeps } from '../../src/modules/operation-runs/services/operation-run-service.js';
import type { TestApp } from './test-app.js';

export interface ShiftedLifecycle {
  now: () => Date;
  runs: OperationRunService;
  reconciler: OperationRunReconciler;
}

/**
 * A run service and reconciler on the app's database, queues and outbox whose clock runs
 * `aheadSeconds` ahead of real time: runs become stale without sleeping or editing timestamps.
 * `Service` lets a test interleave another write just before the service locks a run.
 */
export function lifecycleAhead(
  app: TestApp,
  aheadSeconds: number,
  Service: new (deps: RunServiceDeps) => OperationRunService = OperationRunService,
): ShiftedLifecycle {
  const now = () => new Date(Date.now() + aheadSeconds * 1000);
  const { runtime } = app;
  const runs = new Service({
    orm: app.orm,
    lifecycle: app.config.lifecycle,
    queues: runtime.queues,
    outbox: runtime.outbox,
    metrics: runtime.metrics,
    reasons: runtime.reasons,
    now,
  });
  return { now, runs, reconciler: new OperationRunReconciler(app.orm, runs, runtime.queues, app.config.lifecycle, now) };
}

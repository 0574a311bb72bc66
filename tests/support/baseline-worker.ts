import { REASONS } from '../../src/app/reasons.js';
import type { OperationRun } from '../../src/modules/operation-runs/entities/operation-run.js';
import { buildRegistry } from '../../src/app/handlers.js';
import type { RegistryOverrides } from '../../src/app/modules.js';
import { OperationRegistry } from '../../src/modules/operation-runs/jobs/operation-registry.js';
import { startWorker, type Worker } from '../../src/modules/operation-runs/jobs/worker.js';
import type { TestApp } from './test-app.js';
import { waitForCompletedRun } from './test-runs.js';

export type BaselineRunType = 'baseline_capture' | 'baseline_compare';

/**
 * An in-process worker consuming only the given run types, so a test can let captures run while
 * compare jobs wait in the queue (or the other way round).
 */
export function startBaselineWorker(app: TestApp, types: readonly BaselineRunType[], overrides: RegistryOverrides = {}): Promise<Worker> {
  const full = buildRegistry(app.config, overrides);
  const registry = new OperationRegistry(REASONS);
  for (const type of types) registry.register(type, full.operation(type)!);
  return startWorker(app.runtime, registry);
}

/** Starts a worker for `types`, waits until every run in `runIds` is completed, then stops it. */
export async function drainRuns(app: TestApp, types: readonly BaselineRunType[], runIds: readonly string[]): Promise<OperationRun[]> {
  const worker = await startBaselineWorker(app, types);
  try {
    const runs: OperationRun[] = [];
    for (const runId of runIds) runs.push(await waitForCompletedRun(app, runId));
    return runs;
  } finally {
    await worker.close();
  }
}

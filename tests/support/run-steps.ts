import type { OperationRun } from '../../src/modules/operation-runs/entities/operation-run.js';
import type { TestApp } from './test-app.js';
import { createUnqueuedRun, startAttempt, type RunScope } from './test-runs.js';

/** A run whose first attempt is executing, with the id of that attempt (the one that owns the run). */
export async function runningRun(app: TestApp, scope: RunScope, type?: string): Promise<{ run: OperationRun; attemptId: string }> {
  const run = await startAttempt(app, await createUnqueuedRun(app, scope, type));
  return { run, attemptId: run.currentAttemptId! };
}

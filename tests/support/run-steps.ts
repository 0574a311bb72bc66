import type { OperationRun } from '../../src/modules/operation-runs/entities/operation-run.js';
import type { TestApp } from './test-app.js';
import { createUnqueuedRun, startAttempt, type RunScope } from './test-runs.js';

/** A run whose first attempt is executing, with the id of that attempt (the one that owns the run). */
export async function runningRun(app: TestApp, scope: RunScope, type?: string): Promise<{ run: OperationRun; attemptId: string }> {
  const run = await startAttempt(app, await createUnqueuedRun(app, scope, type));
  return { run, attemptId: run.currentAttemptId! };
}

/**
 * What a worker that died leaves behind: its attempt's last heartbeat a whole stall interval ago
 * (a delivery of an attempt that still heartbeats is a duplicate, not a redelivery after a death).
 */
export async function silenceAttempt(app: TestApp, runId: string): Promise<void> {
  await app
    .em()
    .getConnection()
    .execute(`update operation_runs set last_heartbeat_at = now() - make_interval(secs => ?) where id = ?`, [
      app.config.lifecycle.timing.stallIntervalSeconds,
      runId,
    ]);
}

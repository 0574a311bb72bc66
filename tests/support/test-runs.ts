import { newId } from '../../src/platform/ids.js';
import { AuditLogSchema } from '../../src/app/audit-entity.js';
import type { AuditLog } from '../../src/modules/workspaces/entities/audit-log.js';
import { OperationRunEventSchema } from '../../src/app/outbox-entity.js';
import type { OperationRunEvent } from '../../src/outbox/event-row.js';
import { OperationRunSchema, type OperationRun } from '../../src/modules/operation-runs/entities/operation-run.js';
import type { TestOperationScript } from '../../src/modules/operation-runs/jobs/operation-contracts.js';
import type { CreateRunInput } from '../../src/modules/operation-runs/services/operation-run-service.js';
import type { TestApp } from './test-app.js';
import { waitFor } from './wait-for.js';

export interface RunScope {
  workspaceId: string;
  tenantId?: string | null;
  initiatorId?: string | null;
}

/** A run request with a unique identity, so every call describes a new run. */
export function runRequest(scope: RunScope, script: TestOperationScript = {}, type = 'test.noop'): CreateRunInput {
  return { ...scope, type, identity: { fixture: newId() }, context: { test: script } };
}

/** Creates and enqueues a diagnostic `test.noop` run that does what `script` asks. */
export async function launchTestRun(app: TestApp, scope: RunScope, script: TestOperationScript = {}): Promise<OperationRun> {
  return (await app.runtime.runs.launch(runRequest(scope, script))).run;
}

/** Creates a run whose job never reaches the queue (as if enqueueing had been lost). */
export async function createUnqueuedRun(app: TestApp, scope: RunScope, type = 'test.noop'): Promise<OperationRun> {
  return (await app.runtime.runs.create(runRequest(scope, {}, type))).run;
}

/** Marks a created run's current attempt as executing, as a worker picking up its job would. */
export async function startAttempt(app: TestApp, run: OperationRun): Promise<OperationRun> {
  const started = await app.runtime.runs.start(run.id, run.currentAttemptId!);
  if (started.kind !== 'started') throw new Error(`Run ${run.id} could not be started: ${started.kind}.`);
  return started.run;
}

export async function findRun(app: TestApp, runId: string): Promise<OperationRun> {
  return app.em().findOneOrFail(OperationRunSchema, { id: runId });
}

export async function waitForCompletedRun(app: TestApp, runId: string, timeoutMs = 15_000): Promise<OperationRun> {
  return waitFor(
    async () => {
      const run = await app.em().findOne(OperationRunSchema, { id: runId });
      return run?.status === 'completed' ? run : undefined;
    },
    timeoutMs,
    50,
    `run ${runId} to complete`,
  );
}

/** The run's outbox events in the order they were written. */
export async function runEvents(app: TestApp, runId: string): Promise<OperationRunEvent[]> {
  return app.em().find(OperationRunEventSchema, { run: runId }, { orderBy: { id: 'asc' } });
}

export async function runAuditRecords(app: TestApp, runId: string): Promise<AuditLog[]> {
  return app.em().find(AuditLogSchema, { subjectType: 'operation_run', subjectId: runId }, { orderBy: { createdAt: 'asc' } });
}

/** How often the `test.noop` handler executed for a run (counted in Redis by the handler). */
export async function testExecutions(app: TestApp, runId: string): Promise<number> {
  return Number((await app.runtime.redis.commands.get(`${app.config.redis.prefix}:test:executions:${runId}`)) ?? 0);
}

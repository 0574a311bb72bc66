import { performance } from 'node:perf_hooks';
import { OperationRunSchema, type OperationRun } from '../../src/modules/operation-runs/entities/operation-run.js';
import { BaselineProfileSchema } from '../../src/modules/baselines/entities/baseline-profile.js';
import { TenantSchema } from '../../src/modules/tenants/entities/tenant.js';
import { createLoaders } from '../../src/app/loaders.js';
import { BaselineStartService } from '../../src/modules/baselines/services/baseline-start-service.js';
import type { BenchStack } from '../support/bench-stack.js';
import { WorkspaceEvents } from '../support/workspace-events.js';

export interface FinishedRun {
  run: OperationRun;
  /** `performance.now()` just before the start call and when the run's COMPLETED event arrived. */
  startedAt: number;
  completedAt: number;
}

type Start = (service: BaselineStartService, stack: BenchStack) => Promise<OperationRun>;

/**
 * Starts a run the way the start mutations do (BaselineStartService with fresh loaders, then
 * `runs.launch`) and waits until its COMPLETED event is published on the workspace channel.
 */
async function runToCompletion(stack: BenchStack, workspaceId: string, start: Start, timeoutMs: number): Promise<FinishedRun> {
  const events = await WorkspaceEvents.listen(stack.redis, workspaceId);
  try {
    const startedAt = performance.now();
    const run = await start(new BaselineStartService(createLoaders(stack.orm.em.fork()), stack.runtime.runs), stack);
    const completedAt = await events.tally.until(
      () => events.tally.count(WorkspaceEvents.key(run.id, 'COMPLETED')) > 0,
      `run ${run.id} to complete`,
      timeoutMs,
    );
    return { run: await stack.orm.em.fork().findOneOrFail(OperationRunSchema, { id: run.id }), startedAt, completedAt };
  } finally {
    await events.close();
  }
}

export function runCapture(
  stack: BenchStack,
  world: { workspaceId: string; userId: string; tenantId: string },
  profileId: string,
  timeoutMs: number,
): Promise<FinishedRun> {
  return runToCompletion(
    stack,
    world.workspaceId,
    async (service, { orm }) => {
      const em = orm.em.fork();
      const profile = await em.findOneOrFail(BaselineProfileSchema, { id: profileId });
      const tenant = await em.findOneOrFail(TenantSchema, { id: world.tenantId });
      const started = await service.startCapture(world.userId, profile, tenant);
      if (started.kind !== 'started') throw new Error(`Capture was refused: ${started.reasonCode}.`);
      return started.run;
    },
    timeoutMs,
  );
}

export function runCompare(stack: BenchStack, world: { workspaceId: string; userId: string }, tenantId: string, timeoutMs: number): Promise<FinishedRun> {
  return runToCompletion(
    stack,
    world.workspaceId,
    async (service, { orm }) => {
      const tenant = await orm.em.fork().findOneOrFail(TenantSchema, { id: tenantId });
      const started = await service.startCompare(world.userId, tenant, null);
      if (started.kind !== 'started') throw new Error(`Compare was refused: ${started.availability.reasonCode}.`);
      return started.run;
    },
    timeoutMs,
  );
}

import { performance } from 'node:perf_hooks';
import type { LifecycleTiming } from '../../src/modules/operation-runs/domain/lifecycle-policy.js';
import { OperationRunSchema } from '../../src/modules/operation-runs/entities/operation-run.js';
import { FAST_LIFECYCLE } from '../../tests/support/fast-lifecycle.js';
import { waitFor } from '../../tests/support/wait-for.js';
import { startChildService, type ChildService } from '../../tests/support/worker-process.js';
import { createWorkspaceFixture, type BenchStack } from '../support/bench-stack.js';
import { WorkspaceEvents } from '../support/workspace-events.js';

/** The killed attempt would sleep this long; the job timeout sits above it, so only the crash ends it early. */
const SLEEP_SECONDS = 30;
const JOB_TIMEOUT_SECONDS = 40;

export type CrashScenario = 'restart' | 'standby';

export interface CrashOptions {
  repeats: number;
  stallSeconds: number;
  checkSeconds: number;
  timeoutMs: number;
}

export interface CrashSample {
  /** restart: the second worker is started after the kill; standby: it was already running. */
  scenario: CrashScenario;
  repeat: number;
  secondsToTerminal: number;
  /** restart only: from the kill until the second worker was ready. */
  secondsToSecondWorker: number | null;
  outcome: string;
  reasonCode: string | null;
  executions: number;
}

export interface CrashResult {
  /** The timings the workers ran with. */
  timing: LifecycleTiming;
  samples: CrashSample[];
}

/**
 * Second-scale worker timings (the e2e tests' FAST_LIFECYCLE) with stale thresholds far away, so
 * only the direct failure bridge, not the reconciler, can end the killed run.
 */
function crashLifecycle(options: CrashOptions): Record<string, string> {
  return {
    ...FAST_LIFECYCLE,
    WORKER_STALL_INTERVAL_SECONDS: String(options.stallSeconds),
    WORKER_STALL_CHECK_SECONDS: String(options.checkSeconds),
    LIFECYCLE_TEST_NOOP_JOB_TIMEOUT_SECONDS: String(JOB_TIMEOUT_SECONDS),
    LIFECYCLE_TEST_NOOP_EXPECTED_RUNTIME_SECONDS: String(SLEEP_SECONDS),
    LIFECYCLE_TEST_NOOP_RUNNING_STALE_SECONDS: '600',
    LIFECYCLE_TEST_NOOP_QUEUED_STALE_SECONDS: '600',
  };
}

/**
 * Worker child processes (`src/app/main.ts worker`) with second-scale timings. Each sample launches a
 * long `sleep` run, waits until its handler runs, SIGKILLs the worker running it and times until the
 * run's terminal event is published, with the second worker started after the kill (restart) or
 * already running (standby). The surviving worker runs the next sample.
 */
export async function measureCrashToTerminal(stack: BenchStack, options: CrashOptions): Promise<CrashResult> {
  const env = { ...stack.env, ...crashLifecycle(options) };
  const config = stack.configWith(env);
  const fixture = await createWorkspaceFixture(stack.orm.em.fork());
  const events = await WorkspaceEvents.listen(stack.redis, fixture.workspaceId);
  const children = new Set<ChildService>();
  const spawnWorker = async () => {
    const child = await startChildService(config, 'worker', env);
    children.add(child);
    return child;
  };
  const terminal = (runId: string) => () => ['RECONCILED', 'COMPLETED'].some((kind) => events.tally.count(WorkspaceEvents.key(runId, kind)) > 0);
  const samples: CrashSample[] = [];
  try {
    let current = await spawnWorker();
    for (let repeat = 0; repeat < options.repeats; repeat++) {
      for (const scenario of ['restart', 'standby'] as const) {
        const { run } = await stack.runtime.runs.launch({
          workspaceId: fixture.workspaceId,
          tenantId: fixture.tenantId,
          initiatorId: fixture.userId,
          type: 'test.noop',
          identity: { bench: 'crash', repeat, scenario },
          context: { test: { mode: 'sleep', ms: SLEEP_SECONDS * 1000 } },
        });
        // Killed only once the handler runs: a kill between the start commit and the handler is a different case.
        const executionsKey = `${stack.redis.prefix}:test:executions:${run.id}`;
        await waitFor(async () => (await stack.redis.commands.get(executionsKey)) === '1', options.timeoutMs, 10, `run ${run.id} to execute`);
        let survivor = scenario === 'standby' ? await spawnWorker() : null;

        const killedAt = performance.now();
        children.delete(current);
        await current.kill();
        let secondsToSecondWorker: number | null = null;
        if (!survivor) {
          survivor = await spawnWorker();
          secondsToSecondWorker = (performance.now() - killedAt) / 1000;
        }
        const endedAt = await events.tally.until(terminal(run.id), `run ${run.id} to reach terminal truth`, options.timeoutMs);

        const ended = await stack.orm.em.fork().findOneOrFail(OperationRunSchema, { id: run.id });
        const executions = await stack.redis.commands.get(executionsKey);
        samples.push({
          scenario,
          repeat,
          secondsToTerminal: (endedAt - killedAt) / 1000,
          secondsToSecondWorker,
          outcome: ended.outcome,
          reasonCode: ended.reasonCode ?? null,
          executions: Number(executions ?? 0),
        });
        current = survivor;
      }
    }
  } finally {
    await Promise.all([...children].map((child) => child.stop()));
    await events.close();
  }
  return { timing: config.lifecycle.timing, samples };
}

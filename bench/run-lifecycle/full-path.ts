import { performance } from 'node:perf_hooks';
import type { Orm } from '../../src/platform/db/orm.js';
import type { BatchedTransition, RunMetrics } from '../../src/modules/operation-runs/services/run-metrics.js';
import { createWorkspaceFixture, type BenchStack } from '../support/bench-stack.js';
import { startBenchWorker, type BenchWorker, type WorkerMode } from '../support/bench-worker.js';
import { startCpuMeter } from '../support/cpu-meter.js';
import { runProducers } from '../support/producers.js';
import { countStatements } from '../support/sql-counter.js';
import { WorkspaceEvents } from '../support/workspace-events.js';

export interface ThroughputOptions {
  count: number;
  warmup: number;
  concurrency: number;
  timeoutMs: number;
}

export interface FullPathResult {
  runsPerSecond: number;
  launchMeanMs: number;
  startToCompleteMeanMs: number;
  /** CPU time this process spent per run: launching, plus executing when the worker runs in-process. */
  cpuMsPerRun: number;
  /** SQL statements per run sent by the launching side and by the worker (null when it is a child process). */
  sqlPerRun: { launch: number; worker: number | null };
  /** Mean runs per group-committed statement: launches on this side, starts and completions in the worker (null when it is a child process). */
  runsPerStatement: { launch: number; start: number | null; complete: number | null };
  check: EventCheck;
}

export interface EventCheck {
  ok: boolean;
  summary: string;
}

/**
 * `count` succeeding `test.noop` runs launched by `concurrency` concurrent callers of
 * `runs.launch` and executed by a real worker of the same concurrency; timed from the first launch
 * until the last run's COMPLETED event was published. A warm-up batch runs first, untimed.
 */
export async function measureFullPath(stack: BenchStack, mode: WorkerMode, options: ThroughputOptions): Promise<FullPathResult> {
  const fixture = await createWorkspaceFixture(stack.orm.em.fork());
  const events = await WorkspaceEvents.listen(stack.redis, fixture.workspaceId);
  const launch = (batch: string) => (index: number) =>
    stack.runtime.runs.launch({
      workspaceId: fixture.workspaceId,
      tenantId: fixture.tenantId,
      initiatorId: fixture.userId,
      type: 'test.noop',
      identity: { bench: batch, index },
      context: { bench: batch, test: { mode: 'succeed', steps: 0 } },
    });
  const completed = (target: number) => events.tally.until(() => events.tally.count('COMPLETED') >= target, `${target} COMPLETED events`, options.timeoutMs);
  let worker: BenchWorker | null = null;
  let measured: Omit<FullPathResult, 'startToCompleteMeanMs' | 'check'>;
  try {
    worker = await startBenchWorker(stack, mode, { WORKER_CONCURRENCY: String(options.concurrency) });
    await runProducers(options.warmup, options.concurrency, launch('warmup'));
    await completed(options.warmup);

    const launchSql = countStatements(stack.orm);
    const workerSql = worker.orm ? countStatements(worker.orm) : null;
    const batches = {
      launch: batchMeter(stack.runtime.metrics, 'launch'),
      start: batchMeter(worker.metrics, 'start'),
      complete: batchMeter(worker.metrics, 'complete'),
    };
    const cpu = startCpuMeter();
    const began = performance.now();
    const launchMeanMs = await runProducers(options.count, options.concurrency, launch('measured'));
    const ended = await completed(options.warmup + options.count);
    measured = {
      runsPerSecond: options.count / ((ended - began) / 1000),
      launchMeanMs,
      cpuMsPerRun: cpu.stopMs() / options.count,
      sqlPerRun: { launch: launchSql.stop() / options.count, worker: workerSql ? workerSql.stop() / options.count : null },
      runsPerStatement: { launch: batches.launch()!, start: batches.start(), complete: batches.complete() },
    };
  } finally {
    await worker?.close();
    await events.close();
  }
  // Checked once the worker has stopped: it marks an event published just after publishing it.
  return {
    ...measured,
    startToCompleteMeanMs: await meanStartToCompleteMs(stack.orm, fixture.workspaceId),
    check: await checkRunEvents(stack.orm, fixture.workspaceId, options.warmup + options.count),
  };
}

/** From now on, the mean runs per statement of one transition kind (null without the process's metrics). */
function batchMeter(metrics: RunMetrics | null, kind: BatchedTransition): () => number | null {
  if (!metrics) return () => null;
  const before = metrics.transitionStatements(kind);
  return () => {
    const after = metrics.transitionStatements(kind);
    return (after.runs - before.runs) / Math.max(1, after.statements - before.statements);
  };
}

async function meanStartToCompleteMs(orm: Orm, workspaceId: string): Promise<number> {
  const [row] = await orm.em.getConnection().execute<{ ms: string }[]>(
    `select avg(extract(epoch from completed_at - started_at) * 1000) as ms from operation_runs
     where workspace_id = ? and context->>'bench' = 'measured'`,
    [workspaceId],
  );
  return Number(row!.ms);
}

/** Every run succeeded and has exactly one QUEUED, STARTED, COMPLETED and NOTIFICATION event, all published. */
async function checkRunEvents(orm: Orm, workspaceId: string, expectedRuns: number): Promise<EventCheck> {
  const [row] = await orm.em.getConnection().execute<{ runs: string; succeeded: string; complete_trail: string; unpublished: string }[]>(
    `select count(*) as runs,
            count(*) filter (where status = 'completed' and outcome = 'succeeded') as succeeded,
            count(*) filter (where queued = 1 and started = 1 and completed = 1 and notified = 1 and events = 4) as complete_trail,
            coalesce(sum(unpublished), 0) as unpublished
     from (select r.id, r.status, r.outcome,
                  count(e.id) as events,
                  count(e.id) filter (where e.kind = 'QUEUED') as queued,
                  count(e.id) filter (where e.kind = 'STARTED') as started,
                  count(e.id) filter (where e.kind = 'COMPLETED') as completed,
                  count(e.id) filter (where e.kind = 'NOTIFICATION') as notified,
                  count(e.id) filter (where e.published_at is null) as unpublished
           from operation_runs r left join operation_run_events e on e.run_id = r.id
           where r.workspace_id = ? group by r.id) as trail`,
    [workspaceId],
  );
  const runs = Number(row!.runs);
  const succeeded = Number(row!.succeeded);
  const trails = Number(row!.complete_trail);
  const unpublished = Number(row!.unpublished);
  const ok = runs === expectedRuns && succeeded === runs && trails === runs && unpublished === 0;
  return {
    ok,
    summary:
      `${runs}/${expectedRuns} runs, ${succeeded} succeeded, ${trails} with exactly QUEUED+STARTED+COMPLETED+NOTIFICATION, ` +
      `${unpublished} events unpublished`,
  };
}

import { retryWhileDatabaseUnreachable } from '../../../platform/db/database-unreachable.js';
import { policyFor } from '../services/lifecycle-config.js';
import { logger } from '../../../platform/logger.js';
import type { Runtime } from '../../../platform/runtime.js';
import { handedBackAttempts, type TransitionResult } from '../services/operation-run-service.js';
import type { RunJobData } from './job-data.js';
import type { HandlerResult, OperationRegistry } from './operation-registry.js';

export type TrackerOutcome = 'completed' | 'retrying' | 'timed_out' | 'refused' | 'abandoned' | 'skipped' | 'handed_back';

class AttemptTimeout extends Error {
  constructor(seconds: number) {
    super(`The attempt exceeded its ${seconds}s job timeout.`);
    this.name = 'AttemptTimeout';
  }
}

class RunNoLongerOurs extends Error {
  constructor(reason: string) {
    super(`The run no longer belongs to this attempt (${reason}).`);
    this.name = 'RunNoLongerOurs';
  }
}

class WorkerShuttingDown extends Error {
  constructor() {
    super('The worker is shutting down; the attempt goes back to the queue.');
    this.name = 'WorkerShuttingDown';
  }
}

/** How long an attempt told to stop may take to wind down (a capture finalizing its snapshot) before it is handed back anyway. */
export const WIND_DOWN_MS = 5000;

type Settled = { kind: 'result'; result: HandlerResult<unknown> } | { kind: 'error'; error: unknown };

/** Exponential backoff between attempts: 2s, 4s, 8s… capped at one minute. */
export function retryDelayMs(failedAttempt: number): number {
  return Math.min(60_000, 1000 * 2 ** failedAttempt);
}

function delay(ms: number): Promise<null> {
  return new Promise((resolve) => setTimeout(() => resolve(null), ms));
}

/**
 * Wraps every job: refuses completed runs and superseded attempts, marks the run running, runs
 * the handler with an AbortSignal (fired on timeout, when the run stops being this attempt's, or
 * when the worker shuts down), heartbeats while it works, and completes, blocks, retries or fails
 * the run through the service. A redelivered attempt that already began elsewhere is never
 * executed twice: failed when its worker went silent, dropped as a duplicate delivery while its
 * heartbeat is recent (see attemptStillAlive). Every write of the attempt's outcome is tried again while PostgreSQL is
 * unreachable, so an outage delays the outcome instead of losing it; meanwhile the job stays active
 * in the queue, owned by this live worker.
 */
export class RunTracker {
  private readonly executing = new Set<AbortController>();

  /** `giveUp` ends the waiting of writes held up by an unreachable database (the very end of a shutdown); the backstops take over. */
  constructor(
    private readonly runtime: Runtime,
    private readonly registry: OperationRegistry,
    private readonly giveUp: AbortSignal,
  ) {}

  /** Tells every executing attempt to stop; each is handed back to the queue once it wound down (at most WIND_DOWN_MS). */
  handBackAll(): void {
    for (const controller of this.executing) controller.abort(new WorkerShuttingDown());
  }

  async process(job: { data: RunJobData }): Promise<TrackerOutcome> {
    const { runs, config } = this.runtime;
    const { runId, attemptId } = job.data;
    const durably = <T>(what: string, write: () => Promise<T>) => retryWhileDatabaseUnreachable(`${what} of run ${runId}`, write, this.giveUp);
    const started = await durably('start', () => runs.start(runId, attemptId));
    if (started.kind === 'abandoned') {
      logger.warn('redelivered attempt had already begun on a worker that stopped; run failed instead of re-executed', { runId, attemptId });
      return 'abandoned';
    }
    if (started.kind === 'duplicate') {
      logger.warn('job delivered again while its attempt still runs on another worker (recent heartbeat); this delivery is dropped', { runId, attemptId });
      return 'skipped';
    }
    if (started.kind === 'skipped') {
      logger.info('job skipped', { runId, attemptId, reason: started.reason });
      return 'skipped';
    }
    const run = started.run;
    const attempt = this.registry.prepare(run);
    const policy = policyFor(config.lifecycle, run.type);
    if (!attempt || !policy) {
      await durably('fail', () =>
        runs.failFromError(runId, attemptId, new Error(`No handler or lifecycle policy for operation type "${run.type}" in this worker.`)),
      );
      return 'completed';
    }

    const controller = new AbortController();
    this.executing.add(controller);
    let pendingCounts: Record<string, number> | null = null;
    let lastProgressWrite = 0;
    const throttleMs = config.lifecycle.progressThrottleMs;
    const write = async (counts?: Record<string, number>) => {
      const result = await runs.heartbeat(runId, attemptId, counts);
      if (!result.applied && (result.reason === 'completed' || result.reason === 'fenced')) {
        controller.abort(new RunNoLongerOurs(result.reason));
      }
    };
    const flushProgress = async () => {
      const counts = pendingCounts;
      pendingCounts = null;
      lastProgressWrite = Date.now();
      await write(counts ?? undefined).catch((error: unknown) => {
        // Keep the counts for the next heartbeat or the final write.
        if (counts) pendingCounts = { ...counts, ...(pendingCounts ?? {}) };
        logger.warn('heartbeat failed', { runId, error });
      });
    };
    const heartbeat = setInterval(() => void flushProgress(), config.lifecycle.timing.heartbeatIntervalSeconds * 1000);
    let timeout: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timeout = setTimeout(() => resolve('timeout'), policy.jobTimeoutSeconds * 1000);
    });
    const stopRequested = new Promise<'stop'>((resolve) => {
      controller.signal.addEventListener('abort', () => controller.signal.reason instanceof WorkerShuttingDown && resolve('stop'), { once: true });
    });

    try {
      const execution: Promise<Settled> = attempt({
        runtime: this.runtime,
        run,
        attemptId,
        signal: controller.signal,
        progress: (counts) => {
          pendingCounts = { ...(pendingCounts ?? {}), ...counts };
          if (Date.now() - lastProgressWrite >= throttleMs) void flushProgress();
        },
      }).then(
        (result) => ({ kind: 'result' as const, result }),
        (error: unknown) => ({ kind: 'error' as const, error }),
      );
      let settled: Settled | 'timeout' | 'stop' | null = await Promise.race([execution, timedOut, stopRequested]);

      if (settled === 'timeout') {
        controller.abort(new AttemptTimeout(policy.jobTimeoutSeconds));
        await durably('timeout bridge', () => runs.bridgeFailedJob(runId, attemptId, 'timeout', new AttemptTimeout(policy.jobTimeoutSeconds)));
        return 'timed_out';
      }
      if (settled === 'stop') settled = await Promise.race([execution, delay(WIND_DOWN_MS)]);
      if (settled === null || (controller.signal.reason instanceof WorkerShuttingDown && !finishedAnyway(settled))) {
        const handed = await durably('hand-back', () => runs.handBack(runId, attemptId, 'worker_shutdown'));
        if (!handed.applied) return 'refused';
        logger.info('worker shutting down: attempt handed back to the queue', { runId, attemptId, nextAttemptId: handed.run.currentAttemptId });
        return 'handed_back';
      }
      if (settled.kind === 'result') {
        const { result } = settled;
        return this.outcome(await durably('completion', () => this.finish(runId, attemptId, result, pendingCounts ?? {})));
      }
      const { error } = settled;
      if (controller.signal.aborted) return 'refused';
      const failedAttempts = run.attempt - handedBackAttempts(run);
      if (failedAttempts <= policy.retries) {
        const released = await durably('retry release', () => runs.releaseForRetry(runId, attemptId, error, retryDelayMs(failedAttempts)));
        return released.applied ? 'retrying' : 'refused';
      }
      return this.outcome(await durably('failure', () => runs.failFromError(runId, attemptId, error)));
    } finally {
      this.executing.delete(controller);
      clearInterval(heartbeat);
      clearTimeout(timeout);
    }
  }

  private finish(runId: string, attemptId: string, result: HandlerResult<unknown>, pendingCounts: Record<string, number>): Promise<TransitionResult> {
    const { runs } = this.runtime;
    const summaryCounts = { ...pendingCounts, ...(result.summaryCounts ?? {}) };
    if (result.outcome === 'blocked') {
      return runs.finalizeBlocked(runId, attemptId, result.reasonCode, result.message);
    }
    return runs.complete(runId, attemptId, {
      outcome: result.outcome,
      summaryCounts,
      failures: result.failures,
      context: result.result === undefined ? undefined : { result: result.result },
      reasonCode: result.reasonCode,
    });
  }

  private outcome(result: TransitionResult): TrackerOutcome {
    if (result.applied) return 'completed';
    logger.warn('late write from an attempt that no longer owns its run was refused', { runId: result.run?.id, reason: result.reason });
    return 'refused';
  }
}

/**
 * An attempt told to stop that still produced a result a rerun could not improve on (it succeeded,
 * or refused for a reason of its own) is recorded; a failure, an error or no answer is handed back.
 */
function finishedAnyway(settled: Settled): boolean {
  return settled.kind === 'result' && settled.result.outcome !== 'failed';
}

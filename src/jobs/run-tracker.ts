import { policyFor } from '../lifecycle-config.js';
import { logger } from '../logger.js';
import type { Runtime } from '../runtime.js';
import type { TransitionResult } from '../services/operation-run-service.js';
import type { RunJobData } from './job-data.js';
import type { HandlerResult, OperationRegistry } from './operation-registry.js';

export type TrackerOutcome = 'completed' | 'retrying' | 'timed_out' | 'refused' | 'abandoned' | 'skipped';

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

/** Exponential backoff between attempts: 2s, 4s, 8s… capped at one minute. */
export function retryDelayMs(failedAttempt: number): number {
  return Math.min(60_000, 1000 * 2 ** failedAttempt);
}

/**
 * Wraps every job: refuses completed runs and superseded attempts, marks the run running, runs
 * the handler with an AbortSignal (fired on timeout or when the run stops being this attempt's),
 * heartbeats while it works, and completes, blocks, retries or fails the run through the service.
 * A redelivered attempt that already began elsewhere is failed, never executed twice.
 */
export class RunTracker {
  constructor(
    private readonly runtime: Runtime,
    private readonly registry: OperationRegistry,
  ) {}

  async process(job: { data: RunJobData }): Promise<TrackerOutcome> {
    const { runs, config } = this.runtime;
    const { runId, attemptId } = job.data;
    const started = await runs.start(runId, attemptId);
    if (started.kind === 'abandoned') {
      logger.warn('redelivered attempt had already begun on a worker that stopped; run failed instead of re-executed', { runId, attemptId });
      return 'abandoned';
    }
    if (started.kind === 'skipped') {
      logger.info('job skipped', { runId, attemptId, reason: started.reason });
      return 'skipped';
    }
    const run = started.run;
    const handler = this.registry.handler(run.type);
    const policy = policyFor(config.lifecycle, run.type);
    if (!handler || !policy) {
      await runs.failFromError(runId, attemptId, new Error(`No handler or lifecycle policy for operation type "${run.type}" in this worker.`));
      return 'completed';
    }

    const controller = new AbortController();
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
      await write(counts ?? undefined).catch((error: unknown) => logger.warn('heartbeat failed', { runId, error }));
    };
    const heartbeat = setInterval(() => void flushProgress(), config.lifecycle.timing.heartbeatIntervalSeconds * 1000);
    let timeout: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timeout = setTimeout(() => resolve('timeout'), policy.jobTimeoutSeconds * 1000);
    });

    try {
      const execution = handler({
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
      const settled = await Promise.race([execution, timedOut]);

      if (settled === 'timeout') {
        controller.abort(new AttemptTimeout(policy.jobTimeoutSeconds));
        await runs.bridgeFailedJob(runId, attemptId, 'timeout', new AttemptTimeout(policy.jobTimeoutSeconds));
        return 'timed_out';
      }
      if (settled.kind === 'result') {
        const counts = pendingCounts ?? {};
        return this.outcome(await this.finish(runId, attemptId, settled.result, counts));
      }
      if (controller.signal.aborted) return 'refused';
      if (started.run.attempt <= policy.retries) {
        const released = await runs.releaseForRetry(runId, attemptId, settled.error, retryDelayMs(started.run.attempt));
        return released.applied ? 'retrying' : 'refused';
      }
      return this.outcome(await runs.failFromError(runId, attemptId, settled.error));
    } finally {
      clearInterval(heartbeat);
      clearTimeout(timeout);
    }
  }

  private finish(runId: string, attemptId: string, result: HandlerResult, pendingCounts: Record<string, number>): Promise<TransitionResult> {
    const { runs } = this.runtime;
    const summaryCounts = { ...pendingCounts, ...(result.summaryCounts ?? {}) };
    if (result.outcome === 'blocked') {
      return runs.finalizeBlocked(runId, attemptId, result.reasonCode, result.message, result.context ?? {});
    }
    return runs.complete(runId, attemptId, {
      outcome: result.outcome,
      summaryCounts,
      failures: result.failures,
      context: result.context,
      reasonCode: result.reasonCode,
    });
  }

  private outcome(result: TransitionResult): TrackerOutcome {
    if (result.applied) return 'completed';
    logger.warn('late write from an attempt that no longer owns its run was refused', { runId: result.run?.id, reason: result.reason });
    return 'refused';
  }
}

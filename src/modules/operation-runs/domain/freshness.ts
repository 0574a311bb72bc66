import type { LifecyclePolicy } from './lifecycle-policy.js';
import type { RunStatus } from './run-states.js';

export const FRESHNESS_STATES = ['fresh_active', 'likely_stale', 'reconciled_failed', 'terminal_normal', 'unknown'] as const;
export type FreshnessState = (typeof FRESHNESS_STATES)[number];

export interface FreshnessInput {
  status: RunStatus;
  createdAt: Date;
  startedAt?: Date | null;
  lastHeartbeatAt?: Date | null;
  reconciledAt?: Date | null;
}

export interface FreshnessAssessment {
  state: FreshnessState;
  /** The threshold that applies to the run's current status, when it is active and covered. */
  thresholdSeconds: number | null;
  /** What the threshold is measured from: creation while queued, the last heartbeat while running. */
  referenceTime: Date | null;
  /** When the run becomes (or became) likely stale. */
  staleAt: Date | null;
}

/**
 * Derives a run's freshness from its policy and the clock. Never stored: every surface calls this
 * same function, so the API, the reconciler and the live events always agree.
 */
export function assessFreshness(run: FreshnessInput, policy: LifecyclePolicy | null, now: Date): FreshnessAssessment {
  if (run.status === 'completed') {
    return { state: run.reconciledAt ? 'reconciled_failed' : 'terminal_normal', thresholdSeconds: null, referenceTime: null, staleAt: null };
  }
  if (!policy) return { state: 'unknown', thresholdSeconds: null, referenceTime: null, staleAt: null };
  const queued = run.status === 'queued';
  const thresholdSeconds = queued ? policy.queuedStaleAfterSeconds : policy.runningStaleAfterSeconds;
  const referenceTime = queued ? run.createdAt : (run.lastHeartbeatAt ?? run.startedAt ?? run.createdAt);
  const staleAt = new Date(referenceTime.getTime() + thresholdSeconds * 1000);
  return { state: now.getTime() >= staleAt.getTime() ? 'likely_stale' : 'fresh_active', thresholdSeconds, referenceTime, staleAt };
}

/** How the platform judges and bounds one operation type's runs. All durations in seconds. */
export interface LifecyclePolicy {
  type: string;
  /** A queued run is likely stale once it has waited this long without starting. */
  queuedStaleAfterSeconds: number;
  /** A running run is likely stale once this long has passed since its last heartbeat (or start). */
  runningStaleAfterSeconds: number;
  /** An attempt is aborted and the run failed when it runs longer than this. */
  jobTimeoutSeconds: number;
  /** What a healthy attempt is expected to need at most. */
  expectedMaxRuntimeSeconds: number;
  /** Further attempts after a failed one (0 = a failure is final). */
  retries: number;
  /** Whether queue failures are bridged to the run directly by the worker. */
  directFailureBridge: boolean;
  /** Whether the scheduled reconciler heals stale runs of this type. */
  scheduledReconciliation: boolean;
}

/** Worker-wide timing that the per-type policies must respect. */
export interface LifecycleTiming {
  /** Bee-Queue lock window: a job whose worker stops renewing its lock for this long counts as stalled. */
  stallIntervalSeconds: number;
  /** How often the worker runs Bee-Queue's stalled-job check. */
  stallCheckIntervalSeconds: number;
  /** Extra room between the slowest legitimate path and a stale verdict. */
  safetyMarginSeconds: number;
  /** How often the scheduled reconciler runs. */
  reconcileIntervalSeconds: number;
  /** How often a running attempt heartbeats. */
  heartbeatIntervalSeconds: number;
}

export interface PolicyViolation {
  type: string | null;
  message: string;
}

/**
 * Bee-Queue needs up to two stalled-job checks after the lock expires before it re-delivers a job
 * of a dead worker; this is the longest a crash can go unnoticed by the direct path.
 */
export function stallDetectionWindowSeconds(timing: LifecycleTiming): number {
  return timing.stallIntervalSeconds + 2 * timing.stallCheckIntervalSeconds;
}

/**
 * How long an executing attempt may stay silent (no heartbeat) before its run counts as lost when,
 * in addition, its job no longer exists in the queue: two heartbeat intervals plus one stall
 * interval. A live worker heartbeats well inside it even when Redis lost the job (restart,
 * FLUSHALL), and even when one heartbeat is late.
 */
export function attemptSilenceSeconds(timing: LifecycleTiming): number {
  return 2 * timing.heartbeatIntervalSeconds + timing.stallIntervalSeconds;
}

function positive(value: number): boolean {
  return Number.isFinite(value) && value > 0;
}

/**
 * The timing invariants that keep queue truth and run truth from diverging:
 * - a healthy attempt finishes before its timeout (expected runtime < job timeout);
 * - a timed-out or crashed attempt is failed by the direct path before the reconciler could call
 *   its run stale (job timeout + stall detection window + margin < running-stale threshold);
 * - a run heartbeats several times within its running-stale window;
 * - the reconciler looks more often than a queued run takes to become stale.
 */
export function validateLifecyclePolicies(policies: readonly LifecyclePolicy[], timing: LifecycleTiming): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  for (const [name, value] of Object.entries(timing)) {
    if (!positive(value)) violations.push({ type: null, message: `${name} must be a positive number of seconds (got ${value}).` });
  }
  const window = stallDetectionWindowSeconds(timing);
  for (const policy of policies) {
    const fail = (message: string) => violations.push({ type: policy.type, message: `[${policy.type}] ${message}` });
    for (const key of ['queuedStaleAfterSeconds', 'runningStaleAfterSeconds', 'jobTimeoutSeconds', 'expectedMaxRuntimeSeconds'] as const) {
      if (!positive(policy[key])) fail(`${key} must be a positive number of seconds (got ${policy[key]}).`);
    }
    if (!Number.isInteger(policy.retries) || policy.retries < 0) fail(`retries must be a whole number >= 0 (got ${policy.retries}).`);
    if (policy.expectedMaxRuntimeSeconds >= policy.jobTimeoutSeconds) {
      fail(`expected runtime ${policy.expectedMaxRuntimeSeconds}s must be below the job timeout ${policy.jobTimeoutSeconds}s.`);
    }
    const slowestDirectPath = policy.jobTimeoutSeconds + window + timing.safetyMarginSeconds;
    if (slowestDirectPath >= policy.runningStaleAfterSeconds) {
      fail(
        `running-stale threshold ${policy.runningStaleAfterSeconds}s must exceed job timeout ${policy.jobTimeoutSeconds}s + ` +
          `stall detection window ${window}s + safety margin ${timing.safetyMarginSeconds}s = ${slowestDirectPath}s.`,
      );
    }
    if (timing.heartbeatIntervalSeconds * 3 > policy.runningStaleAfterSeconds) {
      fail(
        `heartbeat interval ${timing.heartbeatIntervalSeconds}s must fit at least 3 times into the running-stale threshold ${policy.runningStaleAfterSeconds}s.`,
      );
    }
    if (timing.reconcileIntervalSeconds >= policy.queuedStaleAfterSeconds) {
      fail(`reconciler cadence ${timing.reconcileIntervalSeconds}s must be shorter than the queued-stale threshold ${policy.queuedStaleAfterSeconds}s.`);
    }
    if (!policy.directFailureBridge && !policy.scheduledReconciliation) {
      fail('needs at least one path to terminal truth: a direct failure bridge or scheduled reconciliation.');
    }
  }
  return violations;
}

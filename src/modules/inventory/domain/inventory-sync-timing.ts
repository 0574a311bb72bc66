import type { LifecyclePolicy, PolicyViolation } from '../../operation-runs/domain/lifecycle-policy.js';

/**
 * A sync waiting out throttling must give up (failing with `inventory_sync.throttled`) before its
 * job timeout would stop it with a generic infrastructure reason: the backoff budget has to fit
 * inside the job timeout.
 */
export function validateInventorySyncTiming(policy: LifecyclePolicy | null, maxBackoffSeconds: number): PolicyViolation[] {
  if (!policy || maxBackoffSeconds < policy.jobTimeoutSeconds) return [];
  return [
    {
      type: policy.type,
      message: `[${policy.type}] backoff budget ${maxBackoffSeconds}s (INVENTORY_SYNC_MAX_BACKOFF_SECONDS) must be below the job timeout ${policy.jobTimeoutSeconds}s, so a throttled sync ends with its throttling reason.`,
    },
  ];
}

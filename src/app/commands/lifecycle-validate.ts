import { renderTable } from '../../platform/cli-table.js';
import type { AppConfig } from '../../platform/config.js';
import { validateInventorySyncTiming } from '../../modules/inventory/domain/inventory-sync-timing.js';
import { attemptSilenceSeconds, stallDetectionWindowSeconds, validateLifecyclePolicies } from '../../modules/operation-runs/domain/lifecycle-policy.js';
import { buildRegistry } from '../handlers.js';
import { policyFor, shutdownDrainSeconds } from '../../modules/operation-runs/services/lifecycle-config.js';

/** Prints the lifecycle policy table and the verdict of the timing invariants; returns the exit code. */
export function lifecycleValidate(config: AppConfig, write: (text: string) => void): number {
  const { policies, timing } = config.lifecycle;
  const registered = new Set<string>(buildRegistry(config).types());
  const yesNo = (value: boolean) => (value ? 'yes' : 'no');
  write(
    `${renderTable(
      ['type', 'queued stale', 'running stale', 'job timeout', 'expected max', 'retries', 'direct bridge', 'scheduled reconcile', 'handler'],
      policies.map((policy) => [
        policy.type,
        `${policy.queuedStaleAfterSeconds}s`,
        `${policy.runningStaleAfterSeconds}s`,
        `${policy.jobTimeoutSeconds}s`,
        `${policy.expectedMaxRuntimeSeconds}s`,
        String(policy.retries),
        yesNo(policy.directFailureBridge),
        yesNo(policy.scheduledReconciliation),
        registered.has(policy.type) ? 'registered' : 'not in this build',
      ]),
    )}\n\n`,
  );
  write(
    `Worker timing: stall interval ${timing.stallIntervalSeconds}s, stall check every ${timing.stallCheckIntervalSeconds}s ` +
      `(detection window ${stallDetectionWindowSeconds(timing)}s), heartbeat every ${timing.heartbeatIntervalSeconds}s, ` +
      `reconciler every ${timing.reconcileIntervalSeconds}s, safety margin ${timing.safetyMarginSeconds}s.\n` +
      `An executing run whose job is gone from the queue counts as lost after ${attemptSilenceSeconds(timing)}s without a heartbeat. ` +
      `A stopping worker lets attempts finish for ${shutdownDrainSeconds(config.lifecycle, [...registered])}s (shutdown drain), then hands them back to the queue.\n\n`,
  );
  const { inventorySync } = config;
  write(
    `Inventory sync: scheduled syncs started every ${inventorySync.scheduleIntervalSeconds}s (at most ${inventorySync.scheduleBatchLimit} per pass), ` +
      `backoff budget ${inventorySync.maxBackoffSeconds}s per sync.\n\n`,
  );
  const violations = [
    ...validateLifecyclePolicies(policies, timing),
    ...(registered.has('inventory_sync') ? validateInventorySyncTiming(policyFor(config.lifecycle, 'inventory_sync'), inventorySync.maxBackoffSeconds) : []),
  ];
  if (violations.length === 0) {
    write('Verdict: valid. Every covered type has a terminal-truth path and its timing invariants hold.\n');
    return 0;
  }
  write(`Verdict: INVALID (${violations.length} violation(s)); the worker will refuse to start:\n`);
  for (const violation of violations) write(`  - ${violation.message}\n`);
  return 1;
}

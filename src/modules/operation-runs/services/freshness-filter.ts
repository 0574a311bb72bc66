import type { FilterQuery } from '@mikro-orm/postgresql';
import type { FreshnessState } from '../domain/freshness.js';
import type { LifecyclePolicy } from '../domain/lifecycle-policy.js';
import type { OperationRun } from '../entities/operation-run.js';
import type { LifecycleConfig } from './lifecycle-config.js';

const ago = (now: Date, seconds: number) => new Date(now.getTime() - seconds * 1000);

/**
 * Active runs of the policy's type whose reference time (creation while queued; the last
 * heartbeat, else the start, else creation while running) is at or before its stale cutoff
 * (`stale`) or after it (fresh). Written positively for both sides: negating it would turn the
 * NULL comparisons of runs without a heartbeat into NULL and drop those runs from both states.
 */
function byReferenceTime(policy: LifecyclePolicy, now: Date, stale: boolean): FilterQuery<OperationRun> {
  const past = (cutoff: Date) => (stale ? { $lte: cutoff } : { $gt: cutoff });
  const runningCutoff = ago(now, policy.runningStaleAfterSeconds);
  return {
    type: policy.type,
    $or: [
      { status: 'queued', createdAt: past(ago(now, policy.queuedStaleAfterSeconds)) },
      {
        status: 'running',
        $or: [
          { lastHeartbeatAt: past(runningCutoff) },
          { lastHeartbeatAt: null, startedAt: past(runningCutoff) },
          { lastHeartbeatAt: null, startedAt: null, createdAt: past(runningCutoff) },
        ],
      },
    ],
  };
}

/**
 * The SQL twin of `assessFreshness`: selects runs in a freshness state at `now`, so lists can be
 * filtered by freshness and the stale watcher finds candidates without loading every active run.
 */
export function freshnessFilter(state: FreshnessState, lifecycle: LifecycleConfig, now: Date): FilterQuery<OperationRun> {
  const covered = lifecycle.policies.map((policy) => policy.type);
  const active = (stale: boolean): FilterQuery<OperationRun> =>
    lifecycle.policies.length > 0
      ? { status: { $ne: 'completed' }, $or: lifecycle.policies.map((policy) => byReferenceTime(policy, now, stale)) }
      : { id: null };
  switch (state) {
    case 'terminal_normal':
      return { status: 'completed', reconciledAt: null };
    case 'reconciled_failed':
      return { status: 'completed', reconciledAt: { $ne: null } };
    case 'unknown':
      return { status: { $ne: 'completed' }, type: { $nin: covered } };
    case 'likely_stale':
      return active(true);
    case 'fresh_active':
      return active(false);
  }
}

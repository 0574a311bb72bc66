import type { FilterQuery } from '@mikro-orm/postgresql';
import type { FreshnessState } from '../domain/freshness.js';
import type { OperationRun } from '../entities/operation-run.js';
import type { LifecycleConfig } from '../lifecycle-config.js';

const ago = (now: Date, seconds: number) => new Date(now.getTime() - seconds * 1000);

function staleFor(type: string, queuedSeconds: number, runningSeconds: number, now: Date): FilterQuery<OperationRun> {
  const runningCutoff = ago(now, runningSeconds);
  return {
    type,
    $or: [
      { status: 'queued', createdAt: { $lte: ago(now, queuedSeconds) } },
      {
        status: 'running',
        $or: [
          { lastHeartbeatAt: { $lte: runningCutoff } },
          { lastHeartbeatAt: null, startedAt: { $lte: runningCutoff } },
          { lastHeartbeatAt: null, startedAt: null, createdAt: { $lte: runningCutoff } },
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
  const stale = lifecycle.policies.map((policy) => staleFor(policy.type, policy.queuedStaleAfterSeconds, policy.runningStaleAfterSeconds, now));
  switch (state) {
    case 'terminal_normal':
      return { status: 'completed', reconciledAt: null };
    case 'reconciled_failed':
      return { status: 'completed', reconciledAt: { $ne: null } };
    case 'unknown':
      return { status: { $ne: 'completed' }, type: { $nin: covered } };
    case 'likely_stale':
      return stale.length > 0 ? { status: { $ne: 'completed' }, $or: stale } : { id: null };
    case 'fresh_active':
      return { status: { $ne: 'completed' }, type: { $in: covered }, ...(stale.length > 0 ? { $nor: stale } : {}) };
  }
}

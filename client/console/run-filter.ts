import type { FreshnessState, OperationRunFilter, OperationRunStatus, RunRowFragment } from '../generated/graphql.js';

/** What the runs view shows; null means "any". */
export interface RunFilter {
  tenantId: string | null;
  type: string | null;
  status: OperationRunStatus | null;
  freshness: FreshnessState | null;
}

export const ANY_RUN: RunFilter = { tenantId: null, type: null, status: null, freshness: null };

export const RUN_STATUSES: readonly OperationRunStatus[] = ['QUEUED', 'RUNNING', 'COMPLETED'];
export const FRESHNESS_STATES: readonly FreshnessState[] = ['FRESH_ACTIVE', 'LIKELY_STALE', 'RECONCILED_FAILED', 'TERMINAL_NORMAL', 'UNKNOWN'];

/** The same filter for the API's run list. */
export function toApiFilter(filter: RunFilter): OperationRunFilter {
  return {
    tenantId: filter.tenantId ? [filter.tenantId] : null,
    type: filter.type ? [filter.type] : null,
    status: filter.status ? [filter.status] : null,
    freshness: filter.freshness ? [filter.freshness] : null,
  };
}

/** Whether a run, as last pushed, belongs in the filtered view (a run leaves it when it stops matching). */
export function matchesRunFilter(run: RunRowFragment, filter: RunFilter): boolean {
  return (
    (filter.tenantId === null || run.tenant?.id === filter.tenantId) &&
    (filter.type === null || run.type === filter.type) &&
    (filter.status === null || run.status === filter.status) &&
    (filter.freshness === null || run.freshness.state === filter.freshness)
  );
}

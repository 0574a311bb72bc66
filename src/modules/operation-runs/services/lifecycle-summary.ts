import type { EntityManager } from '@mikro-orm/postgresql';
import { OperationRunSchema } from '../entities/operation-run.js';
import type { LifecycleConfig } from './lifecycle-config.js';
import { freshnessFilter } from './freshness-filter.js';
import { visibleRunsCondition, visibleRunsSql } from './run-visibility.js';

export interface LifecycleSummary {
  likelyStale: number;
  reconciled: number;
  reconciledByType: { key: string; count: number }[];
  reconciledBySource: { key: string; count: number }[];
}

/** Aggregate lifecycle visibility for one workspace, limited to the tenants given (or all). */
export async function lifecycleSummary(
  em: EntityManager,
  lifecycle: LifecycleConfig,
  workspaceId: string,
  visibleTenantIds: 'all' | readonly string[],
  now: Date = new Date(),
): Promise<LifecycleSummary> {
  const visible = visibleRunsCondition(visibleTenantIds);
  const likelyStale = await em.count(OperationRunSchema, {
    $and: [{ workspace: workspaceId }, ...(visible ? [visible] : []), freshnessFilter('likely_stale', lifecycle, now)],
  });
  const { clause: tenantClause, params: tenantParams } = visibleRunsSql(visibleTenantIds);
  const params = [workspaceId, ...tenantParams];
  // Counters kept by a trigger on operation_runs: a few rows per tenant, however long the history.
  const rows = await em.execute<{ type: string; source: string; count: number }[]>(
    `select type, source, sum(count)::int as count
       from operation_run_reconciliation_counts
      where workspace_id = ?${tenantClause}
      group by type, source`,
    params,
  );
  const sum = (key: 'type' | 'source') => {
    const totals = new Map<string, number>();
    for (const row of rows) totals.set(row[key], (totals.get(row[key]) ?? 0) + row.count);
    return [...totals].map(([name, count]) => ({ key: name, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  };
  return {
    likelyStale,
    reconciled: rows.reduce((total, row) => total + row.count, 0),
    reconciledByType: sum('type'),
    reconciledBySource: sum('source'),
  };
}

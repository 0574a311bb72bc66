import type { ObjectQuery } from '@mikro-orm/core';
import type { OperationRun } from '../entities/operation-run.js';

/**
 * The one rule for which runs of a workspace a caller sees: runs of no tenant, and runs of the
 * tenants they may see ('all' for a caller who sees every tenant).
 */
export type VisibleTenants = 'all' | Iterable<string>;

/** The rule as an ORM condition; null when it filters nothing. */
export function visibleRunsCondition(visible: VisibleTenants): ObjectQuery<OperationRun> | null {
  if (visible === 'all') return null;
  return { $or: [{ tenant: null }, { tenant: { $in: [...visible] } }] };
}

/** The rule as a SQL clause on `column` (starting with ` and`), with its bind values; empty when it filters nothing. */
export function visibleRunsSql(visible: VisibleTenants, column = 'tenant_id'): { clause: string; params: string[] } {
  if (visible === 'all') return { clause: '', params: [] };
  const params = [...visible];
  return { clause: ` and (${column} is null or ${column} in (${params.map(() => '?').join(', ') || 'null'}))`, params };
}

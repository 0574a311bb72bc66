import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { OperationRunSchema, type OperationRun } from '../entities/operation-run.js';

/**
 * Each tenant's newest run of one type (latest `created_at`, then highest id), or null, for a whole
 * page of tenants in two queries. One backward step per tenant in the (tenant, type, created_at, id)
 * index, however long the tenant's run history is.
 */
export function latestRunByTenant(em: EntityManager, type: string): DataLoader<string, OperationRun | null> {
  return new DataLoader<string, OperationRun | null>(async (tenantIds) => {
    const rows = await em.execute<{ id: string }[]>(
      `select last.id from unnest(array[?]::uuid[]) as t(tenant_id)
         cross join lateral (select r.id from operation_runs r where r.tenant_id = t.tenant_id and r.type = ?
                              order by r.created_at desc, r.id desc limit 1) last`,
      [[...tenantIds], type],
    );
    const runs = rows.length > 0 ? await em.find(OperationRunSchema, { id: { $in: rows.map((row) => row.id) } }) : [];
    const byTenant = new Map(runs.map((run) => [run.tenant!, run]));
    return tenantIds.map((id) => byTenant.get(id) ?? null);
  });
}

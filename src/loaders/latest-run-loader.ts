import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { OperationRunSchema, type OperationRun } from '../entities/operation-run.js';

/** The most recent run of one type per tenant, for a whole page of tenants in two queries. */
export function latestRunByTenant(em: EntityManager, type: string): DataLoader<string, OperationRun | null> {
  return new DataLoader<string, OperationRun | null>(async (tenantIds) => {
    const rows = await em.execute<{ id: string }[]>(
      `select distinct on (tenant_id) id from operation_runs
        where tenant_id in (?) and type = ?
        order by tenant_id, created_at desc, id desc`,
      [[...tenantIds], type],
    );
    const runs = rows.length > 0 ? await em.find(OperationRunSchema, { id: { $in: rows.map((row) => row.id) } }) : [];
    const byTenant = new Map(runs.map((run) => [run.tenant!, run]));
    return tenantIds.map((id) => byTenant.get(id) ?? null);
  });
}

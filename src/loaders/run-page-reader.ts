import { raw, type EntityManager, type QueryBuilder } from '@mikro-orm/postgresql';
import { selectBuilt } from '../db/plain-sql.js';
import { rowMapper, selectColumns } from '../db/row-mappers.js';
import { OperationRunSchema, type OperationRun } from '../entities/operation-run.js';
import { TenantSchema, type Tenant } from '../entities/tenant.js';
import type { Loaders } from './loaders.js';

/**
 * Reads a page of runs (a query on `operation_runs r`) as plain rows, each with its tenant from the
 * same statement: runs map to plain objects without the entity manager's tracking, and their
 * tenants are primed into the tenant loader, so the page and its tenants cost one statement.
 */
export function runPageReader(em: EntityManager, loaders: Loaders): (qb: QueryBuilder<OperationRun>) => Promise<OperationRun[]> {
  return async (qb) => {
    qb.select(raw(`${selectColumns(em, OperationRunSchema, 'r', '')}, ${selectColumns(em, TenantSchema, 't')}`)).leftJoin('r.tenant', 't');
    const rows = await selectBuilt(qb.getKnexQuery());
    const toRun = rowMapper<OperationRun>(em, OperationRunSchema);
    const toTenant = rowMapper<Tenant>(em, TenantSchema, 't__');
    return rows.map((row) => {
      const tenant = toTenant(row);
      if (tenant) loaders.tenant.prime(tenant.id, tenant);
      return toRun(row)!;
    });
  };
}

import { raw, type EntityManager, type QueryBuilder } from '@mikro-orm/postgresql';
import { selectBuilt } from '../db/plain-sql.js';
import { rowMapper, selectColumns } from '../db/row-mappers.js';
import { BaselineProfileSchema, type BaselineProfile } from '../entities/baseline-profile.js';
import { BaselineTenantAssignmentSchema, type BaselineTenantAssignment } from '../entities/baseline-tenant-assignment.js';
import { TenantSchema, type Tenant } from '../entities/tenant.js';
import type { Loaders } from './loaders.js';

/**
 * Reads a page of tenants (a query on `tenants t`) as plain rows, each with its baseline
 * assignment (a tenant has at most one) and that assignment's profile from the same statement,
 * primed into their loaders: the page, assignments and profiles cost one statement. For queries
 * only: a mutation must get the entity manager's tracked profiles from the profile loader.
 */
export function tenantPageReader(em: EntityManager, loaders: Loaders): (qb: QueryBuilder<Tenant>) => Promise<Tenant[]> {
  return async (qb) => {
    const query = qb
      .select(raw(`${selectColumns(em, TenantSchema, 't', '')}, ${selectColumns(em, BaselineTenantAssignmentSchema, 'a')}, ${selectColumns(em, BaselineProfileSchema, 'p')}`))
      .getKnexQuery()
      .leftJoin('baseline_tenant_assignments as a', 'a.tenant_id', 't.id')
      .leftJoin('baseline_profiles as p', 'p.id', 'a.baseline_profile_id');
    const rows = await selectBuilt(query);
    const toTenant = rowMapper<Tenant>(em, TenantSchema);
    const toAssignment = rowMapper<BaselineTenantAssignment>(em, BaselineTenantAssignmentSchema, 'a__');
    const toProfile = rowMapper<BaselineProfile>(em, BaselineProfileSchema, 'p__');
    return rows.map((row) => {
      const tenant = toTenant(row)!;
      const assignment = toAssignment(row);
      const profile = toProfile(row);
      loaders.assignmentsByTenant.prime(tenant.id, assignment ? [assignment] : []);
      if (profile) loaders.profile.prime(profile.id, profile);
      return tenant;
    });
  };
}

/**
 * Loads the snapshot truth of every profile assigned to a page of tenants read by
 * `tenantPageReader` in one statement, before their fields resolve: each tenant's compare readiness
 * is then decided synchronously from primed rows.
 */
export async function prefetchCompareTruth(loaders: Loaders, tenants: readonly Tenant[]): Promise<void> {
  const profileIds = new Set<string>();
  for (const tenant of tenants) {
    const assignments = loaders.assignmentsByTenant.loadPrimed(tenant.id);
    if (!(assignments instanceof Promise)) for (const assignment of assignments) profileIds.add(assignment.profile);
  }
  await Promise.all([...profileIds].map((id) => loaders.effectiveSnapshotByProfile.load(id)));
}

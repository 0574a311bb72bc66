import { raw, type EntityManager, type QueryBuilder } from '@mikro-orm/postgresql';
import { selectBuilt } from '../db/plain-sql.js';
import { rowMapper, selectColumns } from '../db/row-mappers.js';
import { BaselineProfileSchema, type BaselineProfile } from '../entities/baseline-profile.js';
import { BaselineSnapshotSchema, type BaselineSnapshot } from '../entities/baseline-snapshot.js';
import { BaselineTenantAssignmentSchema, type BaselineTenantAssignment } from '../entities/baseline-tenant-assignment.js';
import { TenantSchema, type Tenant } from '../entities/tenant.js';
import { effectiveSnapshotLateral, latestAttemptedSnapshotLateral } from '../services/snapshot-truth-resolver.js';
import type { Loaders } from './loaders.js';

/**
 * Reads a page of tenants (a query on `tenants t`) as plain rows, each with its baseline
 * assignment (a tenant has at most one) and that assignment's profile from the same statement,
 * primed into their loaders; `withTruth` adds the profile's effective and latest attempted
 * snapshots (what compare readiness reads), primed too. The page and all of that cost one
 * statement. For queries only: a mutation must get the entity manager's tracked profiles from the
 * profile loader.
 */
export function tenantPageReader(em: EntityManager, loaders: Loaders, withTruth: boolean): (qb: QueryBuilder<Tenant>) => Promise<Tenant[]> {
  return async (qb) => {
    const columns = [selectColumns(em, TenantSchema, 't', ''), selectColumns(em, BaselineTenantAssignmentSchema, 'a'), selectColumns(em, BaselineProfileSchema, 'p')];
    if (withTruth) columns.push(selectColumns(em, BaselineSnapshotSchema, 'e'), selectColumns(em, BaselineSnapshotSchema, 'l'));
    const query = qb
      .select(raw(columns.join(', ')))
      .getKnexQuery()
      .leftJoin('baseline_tenant_assignments as a', 'a.tenant_id', 't.id')
      .leftJoin('baseline_profiles as p', 'p.id', 'a.baseline_profile_id');
    if (withTruth) {
      query.joinRaw(`left join ${effectiveSnapshotLateral('p.id')} e on true`).joinRaw(`left join ${latestAttemptedSnapshotLateral('p.id')} l on true`);
    }
    const rows = await selectBuilt(query);
    const toTenant = rowMapper<Tenant>(em, TenantSchema);
    const toAssignment = rowMapper<BaselineTenantAssignment>(em, BaselineTenantAssignmentSchema, 'a__');
    const toProfile = rowMapper<BaselineProfile>(em, BaselineProfileSchema, 'p__');
    const toEffective = rowMapper<BaselineSnapshot>(em, BaselineSnapshotSchema, 'e__');
    const toLatestAttempted = rowMapper<BaselineSnapshot>(em, BaselineSnapshotSchema, 'l__');
    return rows.map((row) => {
      const tenant = toTenant(row)!;
      const assignment = toAssignment(row);
      const profile = toProfile(row);
      loaders.assignmentsByTenant.prime(tenant.id, assignment ? [assignment] : []);
      if (profile) {
        loaders.profile.prime(profile.id, profile);
        if (withTruth) {
          const [effective, latestAttempted] = [toEffective(row), toLatestAttempted(row)];
          loaders.effectiveSnapshotByProfile.prime(profile.id, effective);
          loaders.latestAttemptedByProfile.prime(profile.id, latestAttempted);
          for (const snapshot of [effective, latestAttempted]) if (snapshot) loaders.snapshot.prime(snapshot.id, snapshot);
        }
      }
      return tenant;
    });
  };
}

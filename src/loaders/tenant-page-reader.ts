import { raw, type EntityManager, type QueryBuilder } from '@mikro-orm/postgresql';
import { selectBuilt, selectRows } from '../db/plain-sql.js';
import { rowMapper, selectColumns } from '../db/row-mappers.js';
import { BaselineProfileSchema, type BaselineProfile } from '../entities/baseline-profile.js';
import { BaselineTenantAssignmentSchema, type BaselineTenantAssignment } from '../entities/baseline-tenant-assignment.js';
import { TenantSchema, type Tenant } from '../entities/tenant.js';
import { profileTruthSelect, truthOfRow } from '../services/snapshot-truth-resolver.js';
import type { Loaders } from './loaders.js';

/** The keyset order of a tenants page: by name, then id. */
export const TENANT_PAGE_COLUMNS = [
  { sql: 't.name', cast: 'text', column: 'name' },
  { sql: 't.id', cast: 'uuid', column: 'id' },
] as const;

/**
 * Reads a page of tenants (a query on `tenants t`, ordered by `TENANT_PAGE_COLUMNS` ascending) as
 * plain rows, each with its baseline assignment (a tenant has at most one) and that assignment's
 * profile from the same statement, primed into their loaders: the page, assignments and profiles
 * cost one statement. With `withTruth`, the same statement also reads the snapshot truth of each
 * distinct assigned profile once (not once per tenant), primed into the truth loaders, so each
 * tenant's compare readiness is then decided synchronously. For queries only: a mutation must get
 * the entity manager's tracked profiles from the profile loader.
 */
export function tenantPageReader(em: EntityManager, loaders: Loaders, withTruth: boolean): (qb: QueryBuilder<Tenant>) => Promise<Tenant[]> {
  return async (qb) => {
    const query = qb
      .select(raw(`${selectColumns(em, TenantSchema, 't', '')}, ${selectColumns(em, BaselineTenantAssignmentSchema, 'a')}, ${selectColumns(em, BaselineProfileSchema, 'p')}`))
      .getKnexQuery()
      .leftJoin('baseline_tenant_assignments as a', 'a.tenant_id', 't.id')
      .leftJoin('baseline_profiles as p', 'p.id', 'a.baseline_profile_id');
    const rows = withTruth ? await selectWithTruth(em, query.toSQL()) : await selectBuilt(query);
    const toTenant = rowMapper<Tenant>(em, TenantSchema);
    const toAssignment = rowMapper<BaselineTenantAssignment>(em, BaselineTenantAssignmentSchema, 'a__');
    const toProfile = rowMapper<BaselineProfile>(em, BaselineProfileSchema, 'p__');
    const profilesSeen = new Set<string>();
    const tenants: Tenant[] = new Array(rows.length);
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index]!;
      const tenant = toTenant(row)!;
      const assignment = toAssignment(row);
      loaders.assignmentsByTenant.prime(tenant.id, assignment ? [assignment] : []);
      if (assignment && !profilesSeen.has(assignment.profile)) {
        profilesSeen.add(assignment.profile);
        const profile = toProfile(row)!;
        loaders.profile.prime(profile.id, profile);
        if (withTruth) loaders.primeProfileTruth(profile.id, truthOfRow(em, row));
      }
      tenants[index] = tenant;
    }
    return tenants;
  };
}

/** The page statement wrapped so that it also reads each distinct assigned profile's truth once, in the page's order. */
function selectWithTruth(em: EntityManager, page: { sql: string; bindings: readonly unknown[] }): Promise<Record<string, unknown>[]> {
  const order = TENANT_PAGE_COLUMNS.map(({ column }) => `page."${column}"`).join(', ');
  return selectRows(
    em,
    `with page as (${page.sql}),
          truth as (${profileTruthSelect(em, '(select distinct p__id as profile_id from page where p__id is not null) as p')})
     select page.*, truth.* from page left join truth on truth.profile_id = page.p__id order by ${order}`,
    page.bindings,
  );
}

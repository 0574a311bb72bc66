import type { EntityManager } from '@mikro-orm/postgresql';
import { selectColumns, rowMapper } from '../../../platform/db/row-mappers.js';
import type { TenantPageJoin } from '../../tenants/services/tenant-page-reader.js';
import { BaselineProfileSchema, type BaselineProfile } from '../entities/baseline-profile.js';
import { BaselineTenantAssignmentSchema, type BaselineTenantAssignment } from '../entities/baseline-tenant-assignment.js';
import { profileTruthSelect, truthOfRow } from './snapshot-truth-resolver.js';

const withTruth = (selects: (path: readonly string[]) => boolean) => selects(['edges', 'node', 'compareReadiness']);

/**
 * A tenants page reads each tenant's baseline assignment (a tenant has at most one) and its
 * profile in the same statement, primed into the loaders; and, when the page selects compare
 * readiness, the snapshot truth of each distinct assigned profile once (not once per tenant), so
 * each tenant's readiness is decided synchronously.
 */
export const baselineTenantPageJoin: TenantPageJoin = {
  columns: (em: EntityManager) => [selectColumns(em, BaselineTenantAssignmentSchema, 'a'), selectColumns(em, BaselineProfileSchema, 'p')],
  joins: 'left join baseline_tenant_assignments a on a.tenant_id = t.id left join baseline_profiles p on p.id = a.baseline_profile_id',
  wrap: (em, pageSql, order, selects) =>
    withTruth(selects)
      ? `with page as (${pageSql}),
               truth as materialized (${profileTruthSelect(em, '(select distinct p__id as profile_id from page where p__id is not null) as p')})
          select page.*, truth.* from page left join truth on truth.profile_id = page.p__id order by ${order}`
      : pageSql,
  primer: (em, loaders, selects) => {
    const toAssignment = rowMapper<BaselineTenantAssignment>(em, BaselineTenantAssignmentSchema, 'a__');
    const toProfile = rowMapper<BaselineProfile>(em, BaselineProfileSchema, 'p__');
    const truth = withTruth(selects);
    const profilesSeen = new Set<string>();
    return (row, tenant) => {
      const assignment = toAssignment(row);
      loaders.assignmentsByTenant.prime(tenant.id, assignment ? [assignment] : []);
      if (assignment && !profilesSeen.has(assignment.profile)) {
        profilesSeen.add(assignment.profile);
        loaders.profile.prime(assignment.profile, toProfile(row)!);
        if (truth) loaders.primeProfileTruth(assignment.profile, truthOfRow(em, row));
      }
    };
  },
};

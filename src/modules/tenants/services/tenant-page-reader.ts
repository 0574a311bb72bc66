import type { EntityManager } from '@mikro-orm/postgresql';
import { selectRows } from '../../../platform/db/plain-sql.js';
import { rowMapper, selectColumns } from '../../../platform/db/row-mappers.js';
import { BaselineProfileSchema, type BaselineProfile } from '../../baselines/entities/baseline-profile.js';
import { BaselineTenantAssignmentSchema, type BaselineTenantAssignment } from '../../baselines/entities/baseline-tenant-assignment.js';
import { TenantSchema, type Tenant } from '../entities/tenant.js';
import type { KeysetPage } from '../../../platform/graphql/connection.js';
import { profileTruthSelect, truthOfRow } from '../../baselines/services/snapshot-truth-resolver.js';
import type { Loaders } from '../../../platform/graphql/request-context.js';

/** The keyset order of a tenants page: by name, then id (the `tenants_workspace_name_idx` order). */
export const TENANT_PAGE_COLUMNS = [
  { sql: 't.name', cast: 'text', column: 'name' },
  { sql: 't.id', cast: 'uuid', column: 'id' },
] as const;

/** Which tenants of a workspace a page lists. */
export interface TenantPageFilter {
  workspaceId: string;
  /** The tenants the caller may see: all of the workspace's, or these. */
  visible: 'all' | ReadonlySet<string>;
  statuses: readonly string[] | null;
  /** A name `ilike` pattern, its wildcards already escaped. */
  namePattern: string | null;
}

/** What a page reads beside the tenants. */
export interface TenantPageReads {
  /**
   * The loaders to prime with each tenant's baseline assignment (a tenant has at most one) and
   * its profile, read by the same statement; for queries only (a mutation must get the entity
   * manager's tracked profiles from the profile loader). Null: the tenants alone.
   */
  loaders: Loaders | null;
  /**
   * Also read the snapshot truth of each distinct assigned profile once (not once per tenant), in
   * the same statement, primed into the truth loaders: each tenant's compare readiness is then
   * decided synchronously. Needs `loaders`.
   */
  withTruth: boolean;
}

function conditions(filter: TenantPageFilter, page: KeysetPage): { where: string; bindings: unknown[] } {
  const where = ['t.workspace_id = ?'];
  const bindings: unknown[] = [filter.workspaceId];
  if (filter.visible !== 'all') {
    where.push('t.id = any(?::uuid[])');
    bindings.push([...filter.visible]);
  }
  if (filter.statuses) {
    where.push('t.status = any(?::text[])');
    bindings.push(filter.statuses);
  }
  if (filter.namePattern !== null) {
    where.push('t.name ilike ?');
    bindings.push(filter.namePattern);
  }
  if (page.after) {
    where.push(page.after.sql);
    bindings.push(...page.after.bindings);
  }
  return { where: where.join(' and '), bindings };
}

/**
 * Reads one keyset page of a workspace's tenants with plain SQL as plain rows (not tracked by the
 * entity manager) in one statement, with what `reads` asks for beside them.
 */
export async function readTenantPage(em: EntityManager, filter: TenantPageFilter, page: KeysetPage, reads: TenantPageReads): Promise<Tenant[]> {
  const { where, bindings } = conditions(filter, page);
  const { loaders } = reads;
  const columns = [selectColumns(em, TenantSchema, 't', '')];
  let from = 'tenants t';
  if (loaders) {
    columns.push(selectColumns(em, BaselineTenantAssignmentSchema, 'a'), selectColumns(em, BaselineProfileSchema, 'p'));
    from += ' left join baseline_tenant_assignments a on a.tenant_id = t.id left join baseline_profiles p on p.id = a.baseline_profile_id';
  }
  let sql = `select ${columns.join(', ')} from ${from} where ${where} order by ${page.orderBy} limit ?`;
  bindings.push(page.limit);
  if (loaders && reads.withTruth) {
    const order = TENANT_PAGE_COLUMNS.map(({ column }) => `page."${column}"`).join(', ');
    sql = `with page as (${sql}),
               truth as materialized (${profileTruthSelect(em, '(select distinct p__id as profile_id from page where p__id is not null) as p')})
          select page.*, truth.* from page left join truth on truth.profile_id = page.p__id order by ${order}`;
  }
  const rows = await selectRows(em, sql, bindings);
  const toTenant = rowMapper<Tenant>(em, TenantSchema);
  const tenants: Tenant[] = new Array(rows.length);
  if (!loaders) {
    for (let index = 0; index < rows.length; index++) tenants[index] = toTenant(rows[index]!)!;
    return tenants;
  }
  const toAssignment = rowMapper<BaselineTenantAssignment>(em, BaselineTenantAssignmentSchema, 'a__');
  const toProfile = rowMapper<BaselineProfile>(em, BaselineProfileSchema, 'p__');
  const profilesSeen = new Set<string>();
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    const tenant = toTenant(row)!;
    const assignment = toAssignment(row);
    loaders.assignmentsByTenant.prime(tenant.id, assignment ? [assignment] : []);
    if (assignment && !profilesSeen.has(assignment.profile)) {
      profilesSeen.add(assignment.profile);
      loaders.profile.prime(assignment.profile, toProfile(row)!);
      if (reads.withTruth) loaders.primeProfileTruth(assignment.profile, truthOfRow(em, row));
    }
    tenants[index] = tenant;
  }
  return tenants;
}

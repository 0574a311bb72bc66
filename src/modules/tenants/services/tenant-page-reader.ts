import type { EntityManager } from '@mikro-orm/postgresql';
import { selectRows } from '../../../platform/db/plain-sql.js';
import { rowMapper, selectColumns } from '../../../platform/db/row-mappers.js';
import { TenantSchema, type Tenant } from '../entities/tenant.js';
import type { KeysetPage } from '../../../platform/graphql/connection.js';
import type { Loaders } from '../../../platform/graphql/loaders.js';

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

/**
 * What another module reads beside each tenant of a page, in the page's one statement (so a
 * dashboard's tenants page stays one round trip), and primes into that module's loaders. The
 * baselines module joins each tenant's assignment, profile and snapshot truth this way.
 */
export interface TenantPageJoin {
  /** Select-list entries (columns prefixed so they cannot clash) and `left join`s on the page's tenants `t`. */
  columns(em: EntityManager): string[];
  joins: string;
  /** Wraps the page statement (`page`, its rows in order of `order`), e.g. to read per-profile facts once. */
  wrap?(em: EntityManager, pageSql: string, order: string, selects: (path: readonly string[]) => boolean): string;
  /** Primes the loaders of the request from one row of the page. */
  primer(em: EntityManager, loaders: Loaders, selects: (path: readonly string[]) => boolean): (row: Record<string, unknown>, tenant: Tenant) => void;
}

declare module '../../../platform/runtime.js' {
  interface Runtime {
    /** The joins other modules add to a tenants page. */
    tenantPageJoins: readonly TenantPageJoin[];
  }
}

/** What a page reads beside the tenants: for queries, the joins the selection wants, primed into `loaders`. */
export interface TenantPageReads {
  /** Null: the tenants alone (a mutation must get tracked entities from the loaders instead). */
  loaders: Loaders | null;
  joins: readonly TenantPageJoin[];
  selects: (path: readonly string[]) => boolean;
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
  const { loaders, selects } = reads;
  const joins = loaders ? reads.joins : [];
  const columns = [selectColumns(em, TenantSchema, 't', ''), ...joins.flatMap((join) => join.columns(em))];
  const from = ['tenants t', ...joins.map((join) => join.joins)].join(' ');
  let sql = `select ${columns.join(', ')} from ${from} where ${where} order by ${page.orderBy} limit ?`;
  bindings.push(page.limit);
  const order = TENANT_PAGE_COLUMNS.map(({ column }) => `page."${column}"`).join(', ');
  for (const join of joins) if (join.wrap) sql = join.wrap(em, sql, order, selects);
  const rows = await selectRows(em, sql, bindings);
  const toTenant = rowMapper<Tenant>(em, TenantSchema);
  const primers = loaders ? joins.map((join) => join.primer(em, loaders, selects)) : [];
  const tenants: Tenant[] = new Array(rows.length);
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    const tenant = toTenant(row)!;
    for (const prime of primers) prime(row, tenant);
    tenants[index] = tenant;
  }
  return tenants;
}

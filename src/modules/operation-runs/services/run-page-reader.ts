import { raw, type EntityManager, type QueryBuilder } from '@mikro-orm/postgresql';
import { rowMapper, selectColumns } from '../../../platform/db/row-mappers.js';
import { OperationRunSchema, type OperationRun } from '../entities/operation-run.js';
import { TenantSchema, type Tenant } from '../../tenants/entities/tenant.js';
import { UserSchema, type User } from '../../workspaces/entities/user.js';
import type { Loaders } from '../../../platform/graphql/loaders.js';
import { userInWorkspace } from '../../workspaces/services/user-in-workspace-loader.js';

/**
 * Reads a page of runs (a query on `operation_runs r`) as plain rows, each with its tenant and its
 * initiator as the run's workspace knows them (account and membership) from the same statement:
 * runs map to plain objects without the entity manager's tracking, tenants and initiators are
 * primed into their loaders, so the page, its tenants and its initiators cost one statement.
 */
export function runPageReader(em: EntityManager, loaders: Loaders): (qb: QueryBuilder<OperationRun>) => Promise<OperationRun[]> {
  return async (qb) => {
    const columns = [
      selectColumns(em, OperationRunSchema, 'r', ''),
      selectColumns(em, TenantSchema, 't'),
      selectColumns(em, UserSchema, 'u'),
      'm.user_id as "m__user_id", m.display_name as "m__display_name"',
    ];
    const query = qb
      .select(raw(columns.join(', ')))
      .getKnexQuery()
      .leftJoin('tenants as t', 't.id', 'r.tenant_id')
      .leftJoin('users as u', 'u.id', 'r.initiator_id')
      .leftJoin('workspace_memberships as m', (join) => join.on('m.user_id', '=', 'r.initiator_id').andOn('m.workspace_id', '=', 'r.workspace_id'));
    // Run as knex built it: values go as bind parameters, rows come back as the driver parsed them.
    const rows = (await query) as Record<string, unknown>[];
    const toRun = rowMapper<OperationRun>(em, OperationRunSchema);
    const toTenant = rowMapper<Tenant>(em, TenantSchema, 't__');
    const toAccount = rowMapper<User>(em, UserSchema, 'u__');
    return rows.map((row) => {
      const run = toRun(row)!;
      const tenant = toTenant(row);
      if (tenant) loaders.tenant.prime(tenant.id, tenant);
      const account = toAccount(row);
      if (account) {
        const membership = row.m__user_id === null ? null : { displayName: row.m__display_name as string | null };
        loaders.userInWorkspace.prime({ workspaceId: run.workspace, userId: account.id }, userInWorkspace(account, membership));
      }
      return run;
    });
  };
}

import { badInput } from '../../../platform/errors.js';
import { paginateRows } from '../../../platform/graphql/connection.js';
import { selectsPath } from '../../../platform/graphql/selects.js';
import { checkName } from '../../../platform/input-rules.js';
import type { Tenant } from '../entities/tenant.js';
import { readTenantPage, TENANT_PAGE_COLUMNS } from '../services/tenant-page-reader.js';
import { visibleTenants } from '../../workspaces/auth/authorize.js';
import { requireActor } from '../../workspaces/auth/request-actor.js';
import type { WorkspaceResolvers } from '../../../generated/resolvers-types.js';

export const workspace: WorkspaceResolvers = {
  tenants: (workspace, { first, after, filter }, context, info) => {
    let namePattern: string | null = null;
    if (filter?.nameContains) {
      const search = checkName('filter.nameContains', filter.nameContains);
      if ('problem' in search) throw badInput(search.problem.message, [search.problem]);
      namePattern = `%${search.value.replace(/[\\%_]/g, '\\$&')}%`;
    }
    const pageFilter = {
      workspaceId: workspace.id,
      visible: visibleTenants(requireActor(context), workspace.id),
      statuses: filter?.status?.length ? filter.status : null,
      namePattern,
    };
    const isQuery = info.operation.operation === 'query';
    const reads = {
      loaders: isQuery ? context.loaders : null,
      joins: context.runtime.tenantPageJoins,
      selects: (path: readonly string[]) => selectsPath(info, path),
    };
    return paginateRows(
      { connection: 'tenants', columns: [...TENANT_PAGE_COLUMNS], direction: 'asc', keyOf: (t: Tenant) => [t.name, t.id] },
      { first, after },
      (page) => readTenantPage(context.em, pageFilter, page, reads),
    );
  },
};

import { forbidden } from '../../../platform/errors.js';
import { paginate } from '../../../platform/graphql/connection.js';
import { parseId } from '../../../platform/graphql/id-arguments.js';
import { can } from '../../workspaces/auth/authorize.js';
import { requireActor } from '../../workspaces/auth/request-actor.js';
import { FindingSchema } from '../entities/finding.js';
import { tenantCompareAvailability } from '../services/compare-availability.js';
import type { TenantResolvers } from '../../../generated/resolvers-types.js';

export const tenant: TenantResolvers = {
  compareReadiness: (tenant, _args, context) => {
    if (!can(requireActor(context), { workspaceId: tenant.workspace, tenantId: tenant.id }, 'baselines.view')) throw forbidden('baselines.view');
    return tenantCompareAvailability(context.loaders, tenant);
  },
  lastCompareRun: (tenant, _args, context) => {
    if (!can(requireActor(context), { workspaceId: tenant.workspace, tenantId: tenant.id }, 'operations.view')) return null;
    return context.loaders.lastCompareRunByTenant.load(tenant.id);
  },
  findings: (tenant, { first, after, filter }, context) => {
    if (!can(requireActor(context), { workspaceId: tenant.workspace, tenantId: tenant.id }, 'baselines.view')) throw forbidden('baselines.view');
    const qb = context.em.createQueryBuilder(FindingSchema, 'f').where({ tenant: tenant.id });
    if (filter?.status?.length) qb.andWhere({ status: { $in: filter.status } });
    if (filter?.kind?.length) qb.andWhere({ kind: { $in: filter.kind } });
    if (filter?.severity?.length) qb.andWhere({ severity: { $in: filter.severity } });
    if (filter?.profileId) qb.andWhere({ profile: parseId(filter.profileId, 'filter.profileId') });
    return paginate(
      qb,
      { connection: 'findings', columns: [{ sql: 'f.id', cast: 'uuid' }], direction: 'desc', keyOf: (finding) => [finding.id] },
      { first, after },
    );
  },
  assignedBaselineProfile: async (tenant, _args, context) => {
    if (!can(requireActor(context), { workspaceId: tenant.workspace }, 'baselines.view')) return null;
    const [assignment] = await context.loaders.assignmentsByTenant.load(tenant.id);
    return assignment ? context.loaders.profile.load(assignment.profile) : null;
  },
};

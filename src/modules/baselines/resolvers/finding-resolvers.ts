import { can, isEntitled } from '../../workspaces/auth/authorize.js';
import { requireActor } from '../../workspaces/auth/request-actor.js';
import { FindingSchema } from '../entities/finding.js';
import { forbidden } from '../../../platform/errors.js';
import { paginate } from '../../../platform/graphql/connection.js';
import type { Resolvers } from '../../../generated/resolvers-types.js';
import { tenantCompareAvailability } from '../services/compare-availability.js';
import { parseId } from '../../../platform/graphql/id-arguments.js';

export const findingResolvers: Resolvers = {
  Tenant: {
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
  },

  Finding: {
    tenant: async (finding, _args, context) => (await context.loaders.tenant.load(finding.tenant))!,
    profile: async (finding, _args, context) => (await context.loaders.profile.load(finding.profile))!,
    snapshot: async (finding, _args, context) => (await context.loaders.snapshot.load(finding.snapshot))!,
    producingRun: async (finding, _args, context) => {
      const run = finding.producingRun ? await context.loaders.run.load(finding.producingRun) : null;
      return run && isEntitled(requireActor(context), { workspaceId: run.workspace, tenantId: run.tenant }) ? run : null;
    },
    lastSeenRun: async (finding, _args, context) => {
      const run = finding.lastSeenRun ? await context.loaders.run.load(finding.lastSeenRun) : null;
      return run && isEntitled(requireActor(context), { workspaceId: run.workspace, tenantId: run.tenant }) ? run : null;
    },
  },
};

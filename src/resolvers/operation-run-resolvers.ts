import { authorize, visibleTenants } from '../auth/authorize.js';
import { requireActor } from '../context.js';
import { OperationRunSchema } from '../entities/operation-run.js';
import { paginate } from '../graphql/connection.js';
import type { Resolvers } from '../graphql/generated/resolvers-types.js';
import { authorizedRun, parseId, parseIds } from './guards.js';
import { badInput } from '../errors.js';

export const operationRunResolvers: Resolvers = {
  Query: {
    operationRun: (_root, { id }, context) => authorizedRun(context, id, 'operations.view'),
    operationRuns: (_root, { workspaceId, filter, first, after }, context) => {
      const actor = requireActor(context);
      const workspace = parseId(workspaceId, 'workspaceId');
      authorize(actor, { workspaceId: workspace }, 'operations.view', 'Workspace');
      const qb = context.em.createQueryBuilder(OperationRunSchema, 'r').where({ workspace });
      const visible = visibleTenants(actor, workspace);
      if (visible !== 'all') qb.andWhere({ $or: [{ tenant: null }, { tenant: { $in: [...visible] } }] });
      if (filter?.status?.length) qb.andWhere({ status: { $in: filter.status } });
      if (filter?.outcome?.length) qb.andWhere({ outcome: { $in: filter.outcome } });
      if (filter?.type?.length) {
        if (filter.type.length > 50) throw badInput('filter.type may list at most 50 types.', [{ field: 'filter.type', message: 'too many' }]);
        qb.andWhere({ type: { $in: filter.type } });
      }
      if (filter?.tenantId?.length) qb.andWhere({ tenant: { $in: parseIds(filter.tenantId, 'filter.tenantId') } });
      return paginate(qb, { connection: 'operationRuns', columns: [{ sql: 'r.id', cast: 'uuid' }], direction: 'desc', keyOf: (run) => [run.id] }, { first, after });
    },
  },

  OperationRun: {
    __resolveReference: (reference, context) => authorizedRun(context, reference.id, 'operations.view'),
    workspace: async (run, _args, context) => (await context.loaders.workspace.load(run.workspace))!,
    tenant: (run, _args, context) => (run.tenant ? context.loaders.tenant.load(run.tenant) : null),
    initiator: (run, _args, context) => (run.initiator ? context.loaders.user.load(run.initiator) : null),
    summaryCounts: (run) => Object.entries(run.summaryCounts).map(([key, value]) => ({ key, value })),
  },
};

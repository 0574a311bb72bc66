import { encodeEventCursor } from '../../../outbox/position.js';
import { EventStore } from '../../../outbox/reader.js';
import { badInput } from '../../../platform/errors.js';
import { paginate } from '../../../platform/graphql/connection.js';
import { parseId, parseIds } from '../../../platform/graphql/id-arguments.js';
import { selects } from '../../../platform/graphql/selects.js';
import { authorize, visibleTenants } from '../../workspaces/auth/authorize.js';
import { requireActor } from '../../workspaces/auth/request-actor.js';
import { authorizedRun } from '../authorized-run.js';
import { OperationRunSchema } from '../entities/operation-run.js';
import { freshnessFilter } from '../services/freshness-filter.js';
import { lifecycleSummary } from '../services/lifecycle-summary.js';
import { runPageReader } from '../services/run-page-reader.js';
import { visibleRunsCondition } from '../services/run-visibility.js';
import type { QueryResolvers } from '../../../generated/resolvers-types.js';

export const query: QueryResolvers = {
  operationRun: (_root, { id }, context) => authorizedRun(context, id, 'operations.view'),
  operationRuns: async (_root, { workspaceId, filter, first, after }, context, info) => {
    const actor = requireActor(context);
    const workspace = parseId(workspaceId, 'workspaceId');
    authorize(actor, { workspaceId: workspace }, 'operations.view', 'Workspace');
    const qb = context.em.createQueryBuilder(OperationRunSchema, 'r').where({ workspace });
    const visible = visibleRunsCondition(visibleTenants(actor, workspace));
    if (visible) qb.andWhere(visible);
    if (filter?.status?.length) qb.andWhere({ status: { $in: filter.status } });
    if (filter?.outcome?.length) qb.andWhere({ outcome: { $in: filter.outcome } });
    if (filter?.type?.length) {
      if (filter.type.length > 50) throw badInput('filter.type may list at most 50 types.', [{ field: 'filter.type', message: 'too many' }]);
      qb.andWhere({ type: { $in: filter.type } });
    }
    if (filter?.tenantId?.length) qb.andWhere({ tenant: { $in: parseIds(filter.tenantId, 'filter.tenantId') } });
    if (filter?.freshness?.length) {
      const lifecycle = context.runtime.config.lifecycle;
      qb.andWhere({ $or: filter.freshness.map((state) => freshnessFilter(state, lifecycle, context.now)) });
    }
    if (filter?.reconciled === true) qb.andWhere({ reconciledAt: { $ne: null } });
    if (filter?.reconciled === false) qb.andWhere({ reconciledAt: null });
    // Taken before the page is read, so every event the page may miss comes after it.
    const head = selects(info, 'eventCursor') ? await new EventStore(() => context.em).settledHead() : null;
    const page = await paginate(
      qb,
      {
        connection: 'operationRuns',
        columns: [{ sql: 'r.id', cast: 'uuid' }],
        direction: 'desc',
        keyOf: (run) => [run.id],
        read: runPageReader(context.em, context.loaders),
      },
      { first, after },
    );
    return { ...page, eventCursor: head ? encodeEventCursor(head) : '' };
  },
  operationLifecycleSummary: (_root, { workspaceId }, context) => {
    const actor = requireActor(context);
    const workspace = parseId(workspaceId, 'workspaceId');
    authorize(actor, { workspaceId: workspace }, 'operations.view', 'Workspace');
    const visible = visibleTenants(actor, workspace);
    return lifecycleSummary(context.em, context.runtime.config.lifecycle, workspace, visible === 'all' ? 'all' : [...visible], context.now);
  },
  reasonCatalog: (_root, _args, context) => {
    requireActor(context);
    return context.runtime.reasons.all();
  },
  reason: (_root, { code }, context) => {
    requireActor(context);
    if (code.length === 0 || code.length > 200) throw badInput('code must be 1-200 characters.', [{ field: 'code', message: 'invalid length' }]);
    return context.runtime.reasons.describe(code);
  },
};

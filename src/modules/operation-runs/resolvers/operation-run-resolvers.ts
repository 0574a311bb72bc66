import { authorize, visibleTenants } from '../../workspaces/auth/authorize.js';
import { requireActor } from '../../workspaces/auth/request-actor.js';
import { type RequestContext } from '../../../platform/graphql/request-context.js';
import { assessFreshness } from '../domain/freshness.js';
import { describeReason } from '../domain/reason-catalog.js';
import { freshnessLabel, presentOutcome, presentStatus } from '../domain/run-presentation.js';
import { OperationRunSchema, type OperationRun } from '../entities/operation-run.js';
import { badInput } from '../../../platform/errors.js';
import { paginate } from '../../../platform/graphql/connection.js';
import type { Resolvers } from '../../../generated/resolvers-types.js';
import { policyFor } from '../services/lifecycle-config.js';
import { freshnessFilter } from '../services/freshness-filter.js';
import { encodeEventCursor } from '../../../outbox/position.js';
import { EventStore } from '../../../outbox/reader.js';
import { selects } from '../../../platform/graphql/selects.js';
import { runPageReader } from '../services/run-page-reader.js';
import { visibleRunsCondition } from '../services/run-visibility.js';
import { authorizedRun } from '../authorized-run.js';
import { parseId, parseIds } from '../../../platform/graphql/id-arguments.js';

/** Freshness is derived per request from the policy and the request's clock. */
function freshnessOf(run: OperationRun, context: RequestContext) {
  return assessFreshness(run, policyFor(context.runtime.config.lifecycle, run.type), context.now);
}

export const operationRunResolvers: Resolvers = {
  Query: {
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
  },

  OperationRun: {
    __resolveReference: (reference, context) => authorizedRun(context, reference.id, 'operations.view'),
    workspace: async (run, _args, context) => (await context.loaders.workspace.load(run.workspace))!,
    tenant: (run, _args, context) => (run.tenant ? context.loaders.tenant.loadPrimed(run.tenant) : null),
    initiator: (run, _args, context) =>
      run.initiator ? context.loaders.userInWorkspace.loadPrimed({ workspaceId: run.workspace, userId: run.initiator }) : null,
    summaryCounts: (run) => Object.entries(run.summaryCounts).map(([key, value]) => ({ key, value })),
    reason: (run) => (run.reasonCode ? describeReason(run.reasonCode) : null),
    statusPresentation: (run, _args, context) => presentStatus(run.status, freshnessOf(run, context).state),
    outcomePresentation: (run, _args, context) => presentOutcome(run.outcome, freshnessOf(run, context).state),
    freshness: (run, _args, context) => {
      const assessment = freshnessOf(run, context);
      return { ...assessment, label: freshnessLabel(assessment.state) };
    },
    reconciliation: (run) => {
      if (!run.reconciledAt || !run.reconciliation) return null;
      const reason = describeReason(run.reconciliation.reasonCode);
      return {
        reconciledAt: run.reconciledAt,
        reasonCode: reason.code,
        reasonLabel: reason.label,
        explanation: reason.explanation,
        nextStep: reason.nextStep,
        source: run.reconciliation.source,
        evidence: run.reconciliation.evidence,
      };
    },
  },
};

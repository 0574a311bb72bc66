import type { RequestContext } from '../../../platform/graphql/request-context.js';
import { authorizedRun } from '../authorized-run.js';
import { assessFreshness } from '../domain/freshness.js';
import { freshnessLabel, presentOutcome, presentStatus } from '../domain/run-presentation.js';
import type { OperationRun } from '../entities/operation-run.js';
import { policyFor } from '../services/lifecycle-config.js';
import type { OperationRunResolvers } from '../../../generated/resolvers-types.js';

/** Freshness is derived per request from the policy and the request's clock. */
function freshnessOf(run: OperationRun, context: RequestContext) {
  return assessFreshness(run, policyFor(context.runtime.config.lifecycle, run.type), context.now);
}

export const operationRun: OperationRunResolvers = {
  __resolveReference: (reference, context) => authorizedRun(context, reference.id, 'operations.view'),
  workspace: async (run, _args, context) => (await context.loaders.workspace.load(run.workspace))!,
  tenant: (run, _args, context) => (run.tenant ? context.loaders.tenant.loadPrimed(run.tenant) : null),
  initiator: (run, _args, context) =>
    run.initiator ? context.loaders.userInWorkspace.loadPrimed({ workspaceId: run.workspace, userId: run.initiator }) : null,
  summaryCounts: (run) => Object.entries(run.summaryCounts).map(([key, value]) => ({ key, value })),
  reason: (run, _args, context) => (run.reasonCode ? context.runtime.reasons.describe(run.reasonCode) : null),
  statusPresentation: (run, _args, context) => presentStatus(run.status, freshnessOf(run, context).state),
  outcomePresentation: (run, _args, context) => presentOutcome(run.outcome, freshnessOf(run, context).state),
  freshness: (run, _args, context) => {
    const assessment = freshnessOf(run, context);
    return { ...assessment, label: freshnessLabel(assessment.state) };
  },
  reconciliation: (run, _args, context) => {
    if (!run.reconciledAt || !run.reconciliation) return null;
    const reason = context.runtime.reasons.describe(run.reconciliation.reasonCode);
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
};

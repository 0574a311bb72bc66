import { badInput } from '../../../platform/errors.js';
import { parseId, parseIds } from '../../../platform/graphql/id-arguments.js';
import { authorize, visibleTenants } from '../../workspaces/auth/authorize.js';
import { requireActor } from '../../workspaces/auth/request-actor.js';
import type { MutationResolvers } from '../../../generated/resolvers-types.js';

export const mutation: MutationResolvers = {
  reconcileOperationRuns: async (_root, { input }, context) => {
    const actor = requireActor(context);
    const workspace = parseId(input.workspaceId, 'workspaceId');
    authorize(actor, { workspaceId: workspace }, 'operations.reconcile', 'Workspace');
    if (input.limit !== null && input.limit !== undefined && (input.limit < 1 || input.limit > 500)) {
      throw badInput('limit must be between 1 and 500.', [{ field: 'limit', message: 'out of range' }]);
    }
    if ((input.types?.length ?? 0) > 50) throw badInput('types may list at most 50 types.', [{ field: 'types', message: 'too many' }]);
    const visible = visibleTenants(actor, workspace);
    const report = await context.runtime.reconciler.reconcile({
      workspaceIds: [workspace],
      types: input.types ?? undefined,
      tenantIds: input.tenantIds ? parseIds(input.tenantIds, 'tenantIds') : undefined,
      visibleTenantIds: visible === 'all' ? 'all' : [...visible],
      limit: input.limit ?? undefined,
      dryRun: input.dryRun ?? false,
      trigger: 'api',
      actorId: actor.user.id,
    });
    const runs = await context.loaders.run.loadMany(report.changes.map((change) => change.runId));
    return {
      inspected: report.inspected,
      reconciled: report.reconciled,
      skipped: report.skipped,
      dryRun: input.dryRun ?? false,
      changes: report.changes.map((change, index) => {
        const run = runs[index];
        if (!run || run instanceof Error) throw new Error(`Reconciled run ${change.runId} could not be reloaded.`);
        return { run, reasonCode: change.reasonCode, applied: change.applied, before: change.before, after: change.after };
      }),
    };
  },
};

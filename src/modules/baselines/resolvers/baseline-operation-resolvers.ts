import { describeArtifactTruth } from '../domain/artifact-truth.js';
import { describeReason } from '../../operation-runs/domain/reason-catalog.js';
import type { BaselineSnapshot } from '../entities/baseline-snapshot.js';
import type { Resolvers } from '../../../generated/resolvers-types.js';
import type { RequestContext } from '../../../platform/graphql/request-context.js';
import type { OperationRun } from '../../operation-runs/entities/operation-run.js';
import { storedResult } from '../../operation-runs/jobs/operation-contracts.js';
import { BaselineStartService } from '../services/baseline-start-service.js';
import { actorId } from '../../workspaces/auth/request-actor.js';
import { authorizedProfile } from '../authorized-baselines.js';
import { authorizedTenant } from '../../tenants/authorized-tenant.js';
import { parseId } from '../../../platform/graphql/id-arguments.js';

async function artifactSnapshot(run: OperationRun, context: RequestContext): Promise<BaselineSnapshot | null> {
  if (run.type === 'baseline_capture') {
    const produced = await context.loaders.snapshotByProducerRun.load(run.id);
    if (produced) return produced;
    const result = storedResult(run, 'baseline_capture');
    return result ? context.loaders.snapshot.load(result.snapshotId) : null;
  }
  const consumed = run.context.baselineSnapshotId;
  return typeof consumed === 'string' ? context.loaders.snapshot.load(consumed) : null;
}

export const baselineOperationResolvers: Resolvers = {
  Mutation: {
    startBaselineCapture: async (_root, { profileId, sourceTenantId }, context) => {
      // The source tenant first: a tenant the caller is not entitled to does not exist for them (NOT_FOUND),
      // whatever their role; only then does a missing capability read FORBIDDEN.
      const tenant = await authorizedTenant(context, sourceTenantId, 'tenant.view', 'sourceTenantId');
      const profile = await authorizedProfile(context, profileId, 'baselines.manage', 'profileId');
      const result = await new BaselineStartService(context.loaders, context.runtime.runs).startCapture(actorId(context), profile, tenant);
      if (result.kind === 'blocked') return { __typename: 'CaptureBlocked', reason: describeReason(result.reasonCode) };
      return { __typename: 'CaptureStarted', run: result.run, created: result.created };
    },
    startBaselineCompare: async (_root, { tenantId, baselineSnapshotId }, context) => {
      const tenant = await authorizedTenant(context, tenantId, 'tenant.compare.start', 'tenantId');
      const explicit = baselineSnapshotId ? parseId(baselineSnapshotId, 'baselineSnapshotId') : null;
      const result = await new BaselineStartService(context.loaders, context.runtime.runs).startCompare(actorId(context), tenant, explicit);
      if (result.kind === 'blocked') return { __typename: 'CompareBlocked', availability: result.availability };
      return { __typename: 'CompareStarted', run: result.run, snapshot: result.snapshot, created: result.created };
    },
  },

  OperationRun: {
    artifactTruth: async (run, _args, context) => {
      if (run.type !== 'baseline_capture' && run.type !== 'baseline_compare') return null;
      const snapshot = await artifactSnapshot(run, context);
      const effective = snapshot ? await context.loaders.effectiveSnapshotByProfile.load(snapshot.profile) : null;
      const facts = describeArtifactTruth({
        runType: run.type,
        runStatus: run.status,
        runOutcome: run.outcome,
        snapshot,
        isEffective: snapshot !== null && effective?.id === snapshot.id,
      });
      return {
        artifactExistence: facts.existence,
        snapshot,
        snapshotLifecycle: snapshot?.lifecycleState ?? null,
        usable: facts.usable,
        label: facts.label,
        explanation: facts.explanation,
      };
    },
  },
};

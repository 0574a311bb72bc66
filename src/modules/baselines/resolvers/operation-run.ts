import type { RequestContext } from '../../../platform/graphql/request-context.js';
import type { OperationRun } from '../../operation-runs/entities/operation-run.js';
import { storedResult } from '../../operation-runs/jobs/operation-contracts.js';
import { describeArtifactTruth } from '../domain/artifact-truth.js';
import type { BaselineSnapshot } from '../entities/baseline-snapshot.js';
import type { OperationRunResolvers } from '../../../generated/resolvers-types.js';

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

export const operationRun: OperationRunResolvers = {
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
};

import { BASELINE_REASON_CATALOG } from '../domain/baseline-reasons.js';
import { BaselineCompareService } from '../services/baseline-compare-service.js';
import type { CompareResult } from './baseline-contracts.js';
import type { HandlerFor, HandlerResult } from '../../operation-runs/jobs/operation-registry.js';

function blocked(reasonCode: string): HandlerResult<CompareResult> {
  return { outcome: 'blocked', reasonCode, message: BASELINE_REASON_CATALOG.describe(reasonCode).explanation };
}

/**
 * The `baseline_compare` job. It re-resolves its input inside the compare's transaction instead of
 * trusting the run context: a tenant, profile, assignment or snapshot that no longer qualifies
 * blocks the run with the reason, and no findings are written. Findings are written only while
 * this attempt owns the run and its signal is not aborted.
 */
export const baselineCompareHandler: HandlerFor<'baseline_compare'> = async ({ runtime, run, input, attemptId, signal }) => {
  const compared = await new BaselineCompareService(runtime.orm).compare({
    attempt: { runId: run.id, attemptId },
    workspaceId: run.workspace,
    tenantId: input.tenantId,
    profileId: input.profileId,
    snapshotId: input.baselineSnapshotId,
    signal,
  });
  if (compared.kind === 'blocked') return blocked(compared.reasonCode);
  const { result } = compared;
  return {
    outcome: 'succeeded',
    summaryCounts: {
      subjects_compared: result.subjectsCompared,
      drift_missing: result.drift.missing,
      drift_unexpected: result.drift.unexpected,
      drift_different: result.drift.different,
      findings_open: result.drift.missing + result.drift.unexpected + result.drift.different,
      findings_resolved: result.findingsResolved,
    },
    result: { snapshotId: compared.snapshotId, profileId: compared.profileId },
  };
};

import { describeReason } from '../../domain/reason-catalog.js';
import { BaselineSnapshotSchema } from '../../entities/baseline-snapshot.js';
import { TenantSchema } from '../../entities/tenant.js';
import { BaselineCompareService, SnapshotNoLongerEffective } from '../../services/baseline-compare-service.js';
import { tenantCompareAvailability } from '../../services/compare-availability.js';
import { createLoaders } from '../../loaders/loaders.js';
import type { HandlerResult, OperationHandler } from '../operation-registry.js';

function blocked(reasonCode: string): HandlerResult {
  return { outcome: 'blocked', reasonCode, message: describeReason(reasonCode).explanation };
}

/**
 * The `baseline_compare` job. It re-resolves its input instead of trusting the run context: a
 * snapshot that is no longer consumable or no longer the effective one blocks the run with the
 * reason, and no findings are written.
 */
export const baselineCompareHandler: OperationHandler = async ({ runtime, run }) => {
  const em = runtime.orm.em.fork();
  const tenant = run.tenant ? await em.findOne(TenantSchema, { id: run.tenant }) : null;
  if (!tenant) return blocked('baseline.compare.no_eligible_target');
  const snapshotId = String(run.context.baselineSnapshotId);
  const availability = await tenantCompareAvailability(createLoaders(em), tenant, snapshotId);
  if (!availability.allowed || !availability.profile) return blocked(availability.reasonCode ?? 'baseline.compare.no_consumable_snapshot');
  const snapshot = await em.findOneOrFail(BaselineSnapshotSchema, { id: snapshotId });

  let result;
  try {
    result = await new BaselineCompareService(runtime.orm).compare(run, tenant.id, availability.profile, snapshot);
  } catch (error) {
    if (error instanceof SnapshotNoLongerEffective) return blocked('baseline.compare.snapshot_superseded');
    throw error;
  }
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
    context: { result: { snapshotId: snapshot.id, profileId: availability.profile.id } },
  };
};

import { contextText, type InputReader } from '../../operation-runs/jobs/operation-contracts.js';

export interface CaptureInput {
  profileId: string;
  sourceTenantId: string;
}

export interface CaptureResult {
  snapshotId: string;
  snapshotIdentityHash: string;
  wasNewSnapshot: boolean;
  snapshotLifecycle: 'complete' | 'incomplete';
  itemsCaptured: number;
  expectedItems: number;
}

export interface CompareInput {
  tenantId: string;
  profileId: string;
  baselineSnapshotId: string;
}

export interface CompareResult {
  snapshotId: string;
  profileId: string;
}

declare module '../../operation-runs/jobs/operation-contracts.js' {
  interface OperationContracts {
    baseline_capture: { input: CaptureInput; result: CaptureResult };
    baseline_compare: { input: CompareInput; result: CompareResult };
  }
}

export const readCaptureInput: InputReader<'baseline_capture'> = (run) => {
  const profileId = contextText(run.context.profileId);
  const sourceTenantId = contextText(run.context.sourceTenantId);
  if (!profileId) return { unusable: 'baseline.capture.profile_not_active' };
  if (!sourceTenantId) return { unusable: 'baseline.capture.missing_source_tenant' };
  return { profileId, sourceTenantId };
};

export const readCompareInput: InputReader<'baseline_compare'> = (run) => {
  if (!run.tenant) return { unusable: 'baseline.compare.no_eligible_target' };
  const profileId = contextText(run.context.profileId);
  const baselineSnapshotId = contextText(run.context.baselineSnapshotId);
  if (!profileId || !baselineSnapshotId) return { unusable: 'baseline.compare.invalid_snapshot' };
  return { tenantId: run.tenant, profileId, baselineSnapshotId };
};

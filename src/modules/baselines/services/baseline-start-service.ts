import { captureBlockedReason, captureFacts } from '../domain/capture-eligibility.js';
import type { BaselineProfile } from '../entities/baseline-profile.js';
import type { CaptureInput, CompareInput } from '../jobs/baseline-contracts.js';
import type { BaselineSnapshot } from '../entities/baseline-snapshot.js';
import type { OperationRun } from '../../operation-runs/entities/operation-run.js';
import type { Tenant } from '../../tenants/entities/tenant.js';
import type { OperationRunService } from '../../operation-runs/services/operation-run-service.js';
import type { BaselineLoaders } from '../loaders.js';
import { tenantCompareAvailability, type CompareAvailability } from './compare-availability.js';

export type CaptureStart = { kind: 'started'; run: OperationRun; created: boolean } | { kind: 'blocked'; reasonCode: string };

export type CompareStart =
  { kind: 'started'; run: OperationRun; snapshot: BaselineSnapshot; created: boolean } | { kind: 'blocked'; availability: CompareAvailability };

/** Start-time rules for capture and compare; refusals are data, never exceptions. */
export class BaselineStartService {
  constructor(
    private readonly loaders: BaselineLoaders,
    private readonly runs: OperationRunService,
  ) {}

  async startCapture(initiatorId: string, profile: BaselineProfile, sourceTenant: Tenant): Promise<CaptureStart> {
    const reasonCode = captureBlockedReason(captureFacts(profile), captureFacts(sourceTenant));
    if (reasonCode) return { kind: 'blocked', reasonCode };
    const { run, created } = await this.runs.launch({
      workspaceId: profile.workspace,
      tenantId: sourceTenant.id,
      initiatorId,
      type: 'baseline_capture',
      identity: { profileId: profile.id },
      context: { profileId: profile.id, sourceTenantId: sourceTenant.id } satisfies CaptureInput,
    });
    return { kind: 'started', run, created };
  }

  async startCompare(initiatorId: string, tenant: Tenant, explicitSnapshotId: string | null): Promise<CompareStart> {
    const availability = await tenantCompareAvailability(this.loaders, tenant, explicitSnapshotId);
    if (!availability.allowed || !availability.snapshot || !availability.profile) return { kind: 'blocked', availability };
    const snapshot = (await this.loaders.snapshot.load(availability.snapshot.id))!;
    const { run, created } = await this.runs.launch({
      workspaceId: tenant.workspace,
      tenantId: tenant.id,
      initiatorId,
      type: 'baseline_compare',
      identity: { snapshotId: snapshot.id },
      // The compare's tenant is the run's own.
      context: { profileId: availability.profile.id, baselineSnapshotId: snapshot.id, explicitSelection: explicitSnapshotId !== null } satisfies Omit<
        CompareInput,
        'tenantId'
      > & { explicitSelection: boolean },
    });
    return { kind: 'started', run, snapshot, created };
  }
}

import { profileCompareReadiness, tenantCompareReadiness, type CompareReadinessVerdict } from '../domain/compare-readiness.js';
import type { BaselineProfile } from '../entities/baseline-profile.js';
import type { BaselineSnapshot } from '../entities/baseline-snapshot.js';
import type { Tenant } from '../../tenants/entities/tenant.js';
import type { BaselineLoaders } from '../loaders.js';
import { whenLoaded } from '../../../platform/primed-loader.js';
import { snapshotFacts } from './snapshot-truth-resolver.js';

export interface CompareAvailability extends CompareReadinessVerdict {
  profile: BaselineProfile | null;
  effective: BaselineSnapshot | null;
  latestAttempted: BaselineSnapshot | null;
}

function decideTenant(
  tenant: Tenant,
  profile: BaselineProfile | null,
  explicitSnapshotId: string | null,
  effective: BaselineSnapshot | null,
  latestAttempted: BaselineSnapshot | null,
  explicit: BaselineSnapshot | null,
): CompareAvailability {
  const verdict = tenantCompareReadiness({
    tenant,
    profile: profile ? { id: profile.id, workspaceId: profile.workspace, status: profile.status } : null,
    explicit: explicit ? snapshotFacts(explicit) : explicitSnapshotId ? 'not_found' : null,
    effective: effective ? snapshotFacts(effective) : null,
    latestAttempted: latestAttempted ? snapshotFacts(latestAttempted) : null,
  });
  return {
    allowed: verdict.allowed,
    reasonCode: verdict.reasonCode,
    nextAction: verdict.nextAction,
    snapshot: verdict.snapshot,
    profile,
    effective,
    latestAttempted,
  };
}

/**
 * What a compare of this tenant would consume right now (the explicit snapshot, or the assigned
 * profile's effective one), or why it is blocked. Used by the start mutation, the compare job
 * (re-resolution) and the readiness fields alike; batched through the loaders. Synchronous, with
 * no promise, when everything it reads was primed (a tenants page that read its truth).
 */
export function tenantCompareAvailability(
  loaders: BaselineLoaders,
  tenant: Tenant,
  explicitSnapshotId: string | null = null,
): CompareAvailability | Promise<CompareAvailability> {
  return whenLoaded(loaders.assignmentsByTenant.loadPrimed(tenant.id), (assignments) => {
    const assignment = assignments[0];
    return whenLoaded(assignment ? loaders.profile.loadPrimed(assignment.profile) : null, (profile) => {
      const effective = profile ? loaders.effectiveSnapshotByProfile.loadPrimed(profile.id) : null;
      const latestAttempted = profile ? loaders.latestAttemptedByProfile.loadPrimed(profile.id) : null;
      const explicit = explicitSnapshotId ? loaders.snapshot.loadPrimed(explicitSnapshotId) : null;
      if (effective instanceof Promise || latestAttempted instanceof Promise || explicit instanceof Promise) {
        return Promise.all([effective, latestAttempted, explicit]).then(([e, l, x]) => decideTenant(tenant, profile, explicitSnapshotId, e, l, x));
      }
      return decideTenant(tenant, profile, explicitSnapshotId, effective, latestAttempted, explicit);
    });
  });
}

export async function profileCompareAvailability(loaders: BaselineLoaders, profile: BaselineProfile): Promise<CompareAvailability> {
  const [effective, latestAttempted] = await Promise.all([
    loaders.effectiveSnapshotByProfile.load(profile.id),
    loaders.latestAttemptedByProfile.load(profile.id),
  ]);
  const verdict = profileCompareReadiness({
    profile: { id: profile.id, workspaceId: profile.workspace, status: profile.status },
    effective: effective ? snapshotFacts(effective) : null,
    latestAttempted: latestAttempted ? snapshotFacts(latestAttempted) : null,
  });
  return { ...verdict, profile, effective, latestAttempted };
}

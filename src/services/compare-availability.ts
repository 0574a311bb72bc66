import { profileCompareReadiness, tenantCompareReadiness, type CompareReadinessVerdict } from '../domain/compare-readiness.js';
import type { BaselineProfile } from '../entities/baseline-profile.js';
import type { BaselineSnapshot } from '../entities/baseline-snapshot.js';
import type { Tenant } from '../entities/tenant.js';
import type { Loaders } from '../loaders/loaders.js';
import { snapshotFacts } from './snapshot-truth-resolver.js';

export interface CompareAvailability extends CompareReadinessVerdict {
  profile: BaselineProfile | null;
  effective: BaselineSnapshot | null;
  latestAttempted: BaselineSnapshot | null;
}

/**
 * What a compare of this tenant would consume right now (the explicit snapshot, or the assigned
 * profile's effective one), or why it is blocked. Used by the start mutation, the compare job
 * (re-resolution) and the readiness fields alike; batched through the loaders.
 */
export async function tenantCompareAvailability(loaders: Loaders, tenant: Tenant, explicitSnapshotId: string | null = null): Promise<CompareAvailability> {
  const [assignment] = await loaders.assignmentsByTenant.load(tenant.id);
  const profile = assignment ? await loaders.profile.load(assignment.profile) : null;
  const [effective, latestAttempted, explicit] = await Promise.all([
    profile ? loaders.effectiveSnapshotByProfile.load(profile.id) : null,
    profile ? loaders.latestAttemptedByProfile.load(profile.id) : null,
    explicitSnapshotId ? loaders.snapshot.load(explicitSnapshotId) : null,
  ]);
  const verdict = tenantCompareReadiness({
    tenant,
    profile: profile ? { id: profile.id, workspaceId: profile.workspace, status: profile.status } : null,
    explicit: explicit ? snapshotFacts(explicit) : explicitSnapshotId ? 'not_found' : null,
    effective: effective ? snapshotFacts(effective) : null,
    latestAttempted: latestAttempted ? snapshotFacts(latestAttempted) : null,
  });
  return { ...verdict, profile, effective, latestAttempted };
}

export async function profileCompareAvailability(loaders: Loaders, profile: BaselineProfile): Promise<CompareAvailability> {
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

import { profileCompareReadiness, tenantCompareReadiness, type CompareReadinessVerdict } from '../domain/compare-readiness.js';
import type { BaselineProfile } from '../entities/baseline-profile.js';
import type { BaselineSnapshot } from '../entities/baseline-snapshot.js';
import type { Tenant } from '../entities/tenant.js';
import type { Loaders } from '../loaders/loaders.js';
import { whenLoaded } from '../loaders/primed-loader.js';
import { snapshotFacts } from './snapshot-truth-resolver.js';

export interface CompareAvailability extends CompareReadinessVerdict {
  profile: BaselineProfile | null;
  effective: BaselineSnapshot | null;
  latestAttempted: BaselineSnapshot | null;
}

/** The effective, latest attempted and explicitly chosen snapshots a readiness verdict reads. */
type SnapshotReads = readonly [BaselineSnapshot | null, BaselineSnapshot | null, BaselineSnapshot | null];

/**
 * What a compare of this tenant would consume right now (the explicit snapshot, or the assigned
 * profile's effective one), or why it is blocked. Used by the start mutation, the compare job
 * (re-resolution) and the readiness fields alike; batched through the loaders.
 */
export function tenantCompareAvailability(loaders: Loaders, tenant: Tenant, explicitSnapshotId: string | null = null): CompareAvailability | Promise<CompareAvailability> {
  // Synchronous when everything it reads was primed (a tenants page that prefetched its truth).
  return whenLoaded(loaders.assignmentsByTenant.loadPrimed(tenant.id), ([assignment]) =>
    whenLoaded(assignment ? loaders.profile.loadPrimed(assignment.profile) : null, (profile) => {
      const reads = [
        profile ? loaders.effectiveSnapshotByProfile.loadPrimed(profile.id) : null,
        profile ? loaders.latestAttemptedByProfile.loadPrimed(profile.id) : null,
        explicitSnapshotId ? loaders.snapshot.loadPrimed(explicitSnapshotId) : null,
      ] as const;
      const decide = ([effective, latestAttempted, explicit]: SnapshotReads): CompareAvailability => {
        const verdict = tenantCompareReadiness({
          tenant,
          profile: profile ? { id: profile.id, workspaceId: profile.workspace, status: profile.status } : null,
          explicit: explicit ? snapshotFacts(explicit) : explicitSnapshotId ? 'not_found' : null,
          effective: effective ? snapshotFacts(effective) : null,
          latestAttempted: latestAttempted ? snapshotFacts(latestAttempted) : null,
        });
        return { ...verdict, profile, effective, latestAttempted };
      };
      return reads.some((read) => read instanceof Promise) ? Promise.all(reads).then(decide) : decide(reads as SnapshotReads);
    }),
  );
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

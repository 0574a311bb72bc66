import { BASELINE_REASON_CATALOG } from './baseline-reasons.js';
import type { BaselineReasonCode } from './baseline-reasons.js';
import { resolveCompareSnapshot, type SnapshotFacts } from './snapshot-truth.js';

export interface CompareReadinessVerdict {
  allowed: boolean;
  reasonCode: BaselineReasonCode | null;
  /** The operator's next step: "Compare now" when allowed, else the reason's next step. */
  nextAction: string;
  /** The snapshot a compare started now would consume. */
  snapshot: SnapshotFacts | null;
}

function verdict(resolution: ReturnType<typeof resolveCompareSnapshot>): CompareReadinessVerdict {
  if (resolution.ok) return { allowed: true, reasonCode: null, nextAction: 'Compare now', snapshot: resolution.snapshot };
  return { allowed: false, reasonCode: resolution.reasonCode, nextAction: BASELINE_REASON_CATALOG.describe(resolution.reasonCode).nextStep, snapshot: null };
}

function blocked(reasonCode: BaselineReasonCode): CompareReadinessVerdict {
  return { allowed: false, reasonCode, nextAction: BASELINE_REASON_CATALOG.describe(reasonCode).nextStep, snapshot: null };
}

/** Whether a profile can serve as compare input right now (active, with a consumable effective snapshot). */
export function profileCompareReadiness(input: {
  profile: { id: string; workspaceId: string; status: string };
  effective: SnapshotFacts | null;
  latestAttempted: SnapshotFacts | null;
}): CompareReadinessVerdict {
  if (input.profile.status !== 'active') return blocked('baseline.compare.profile_not_active');
  return verdict(resolveCompareSnapshot({ profile: input.profile, explicit: null, effective: input.effective, latestAttempted: input.latestAttempted }));
}

/**
 * Whether a tenant can be compared right now, and against which snapshot: it must be active and
 * assigned an active profile whose effective snapshot is consumable (or the explicit one, if given).
 */
export function tenantCompareReadiness(input: {
  tenant: { status: string };
  profile: { id: string; workspaceId: string; status: string } | null;
  explicit?: SnapshotFacts | 'not_found' | null;
  effective: SnapshotFacts | null;
  latestAttempted: SnapshotFacts | null;
}): CompareReadinessVerdict {
  if (input.tenant.status !== 'active') return blocked('baseline.compare.tenant_archived');
  if (!input.profile) return blocked('baseline.compare.no_assignment');
  if (input.profile.status !== 'active') return blocked('baseline.compare.profile_not_active');
  return verdict(
    resolveCompareSnapshot({ profile: input.profile, explicit: input.explicit ?? null, effective: input.effective, latestAttempted: input.latestAttempted }),
  );
}

import { type SnapshotLifecycleState, isConsumable } from './snapshot-lifecycle.js';
import type { BaselineReasonCode } from './baseline-reasons.js';

/** The facts about a snapshot that truth rules need. */
export interface SnapshotFacts {
  id: string;
  profileId: string;
  workspaceId: string;
  lifecycleState: SnapshotLifecycleState | null | undefined;
  capturedAt: Date;
  completedAt?: Date | null;
  /** `completion_meta.finalizationReasonCode`, when the snapshot was finalized incomplete. */
  finalizationReasonCode?: string | null;
}

export type SnapshotTruth = 'current' | 'superseded' | 'not_usable';

function newerFirst(a: Date | null | undefined, b: Date | null | undefined): number {
  return (b?.getTime() ?? 0) - (a?.getTime() ?? 0);
}

/** A profile's effective snapshot: its latest complete one (by completion, then capture, then id). */
export function effectiveSnapshot<T extends SnapshotFacts>(snapshots: readonly T[]): T | null {
  const complete = snapshots.filter((snapshot) => isConsumable(snapshot.lifecycleState));
  complete.sort((a, b) => newerFirst(a.completedAt, b.completedAt) || newerFirst(a.capturedAt, b.capturedAt) || b.id.localeCompare(a.id));
  return complete[0] ?? null;
}

/** The most recent capture attempt, whatever its state. */
export function latestAttemptedSnapshot<T extends SnapshotFacts>(snapshots: readonly T[]): T | null {
  const sorted = [...snapshots].sort((a, b) => newerFirst(a.capturedAt, b.capturedAt) || b.id.localeCompare(a.id));
  return sorted[0] ?? null;
}

/** Superseded is derived, never stored: a complete snapshot that is not its profile's effective one. */
export function isSuperseded(snapshot: SnapshotFacts, effective: SnapshotFacts | null): boolean {
  return isConsumable(snapshot.lifecycleState) && effective !== null && effective.id !== snapshot.id;
}

export function snapshotTruth(snapshot: SnapshotFacts, effective: SnapshotFacts | null): SnapshotTruth {
  if (!isConsumable(snapshot.lifecycleState)) return 'not_usable';
  return isSuperseded(snapshot, effective) ? 'superseded' : 'current';
}

/** Why a snapshot is not current baseline truth; null when it is. */
export function artifactReasonCode(snapshot: SnapshotFacts, effective: SnapshotFacts | null): string | null {
  if (snapshot.lifecycleState === 'building') return 'baseline.snapshot.building';
  if (snapshot.lifecycleState === 'incomplete' || !snapshot.lifecycleState) {
    const recorded = snapshot.finalizationReasonCode?.trim();
    return recorded && recorded.length > 0 ? recorded : 'baseline.snapshot.incomplete';
  }
  return isSuperseded(snapshot, effective) ? 'baseline.snapshot.superseded' : null;
}

const USABILITY_LABELS: Record<SnapshotTruth | 'building', string> = {
  current: 'Current baseline',
  superseded: 'Superseded',
  building: 'Building',
  not_usable: 'Not usable for compare',
};

export function usabilityLabel(snapshot: SnapshotFacts, effective: SnapshotFacts | null): string {
  if (snapshot.lifecycleState === 'building') return USABILITY_LABELS.building;
  return USABILITY_LABELS[snapshotTruth(snapshot, effective)];
}

export type CompareResolution = { ok: true; snapshot: SnapshotFacts; reasonCode: null } | { ok: false; snapshot: null; reasonCode: BaselineReasonCode };

/**
 * Which snapshot a compare may consume. An explicit selection must belong to the profile and be its
 * current effective snapshot; without one, the effective snapshot is used. Building, incomplete,
 * unclassified and superseded snapshots are refused with the matching reason.
 */
export function resolveCompareSnapshot(input: {
  profile: { id: string; workspaceId: string };
  /** An explicitly selected snapshot; `'not_found'` when the selected id matches no snapshot. */
  explicit: SnapshotFacts | 'not_found' | null;
  effective: SnapshotFacts | null;
  latestAttempted: SnapshotFacts | null;
}): CompareResolution {
  const { profile, explicit, effective, latestAttempted } = input;
  if (explicit === 'not_found') return { ok: false, snapshot: null, reasonCode: 'baseline.compare.invalid_snapshot' };
  if (explicit) {
    if (explicit.workspaceId !== profile.workspaceId || explicit.profileId !== profile.id) {
      return { ok: false, snapshot: null, reasonCode: 'baseline.compare.invalid_snapshot' };
    }
    if (explicit.lifecycleState === 'building') return { ok: false, snapshot: null, reasonCode: 'baseline.compare.snapshot_building' };
    if (explicit.lifecycleState === 'incomplete') return { ok: false, snapshot: null, reasonCode: 'baseline.compare.snapshot_incomplete' };
    if (!isConsumable(explicit.lifecycleState)) return { ok: false, snapshot: null, reasonCode: 'baseline.compare.no_consumable_snapshot' };
    if (effective && effective.id !== explicit.id) return { ok: false, snapshot: null, reasonCode: 'baseline.compare.snapshot_superseded' };
    return { ok: true, snapshot: explicit, reasonCode: null };
  }
  if (effective) return { ok: true, snapshot: effective, reasonCode: null };
  if (latestAttempted?.lifecycleState === 'building') return { ok: false, snapshot: null, reasonCode: 'baseline.compare.snapshot_building' };
  if (latestAttempted?.lifecycleState === 'incomplete') return { ok: false, snapshot: null, reasonCode: 'baseline.compare.snapshot_incomplete' };
  return { ok: false, snapshot: null, reasonCode: 'baseline.compare.no_consumable_snapshot' };
}

import type { SnapshotFacts } from '../../src/modules/baselines/domain/snapshot-truth.js';

export const PROFILE = { id: 'profile-1', workspaceId: 'workspace-1' };

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));

/**
 * A snapshot of PROFILE captured at minute `minute`; complete ones completed a minute later.
 * Override any fact a case needs.
 */
export function snapshotAt(id: string, minute: number, lifecycleState: SnapshotFacts['lifecycleState'], overrides: Partial<SnapshotFacts> = {}): SnapshotFacts {
  return {
    id,
    profileId: PROFILE.id,
    workspaceId: PROFILE.workspaceId,
    lifecycleState,
    capturedAt: at(minute),
    completedAt: lifecycleState === 'complete' ? at(minute + 1) : null,
    finalizationReasonCode: null,
    ...overrides,
  };
}

export const SNAPSHOT_LIFECYCLE_STATES = ['building', 'complete', 'incomplete'] as const;
export type SnapshotLifecycleState = (typeof SNAPSHOT_LIFECYCLE_STATES)[number];

/** Completion proof and failure diagnostics recorded when a snapshot is finalized. */
export interface CompletionMeta {
  expectedItems: number | null;
  persistedItems: number | null;
  producerRunId: string | null;
  wasEmptyCapture: boolean;
  expectedIdentityHash?: string;
  finalizationReasonCode?: string;
  finalizedAt?: string;
  [key: string]: unknown;
}

/** Only a complete snapshot may be consumed; unknown or unclassified state is never consumable. */
export function isConsumable(state: SnapshotLifecycleState | null | undefined): boolean {
  return state === 'complete';
}

export function isTerminalSnapshotState(state: SnapshotLifecycleState | null | undefined): boolean {
  return state === 'complete' || state === 'incomplete';
}

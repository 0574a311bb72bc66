/** Run lifecycle events, in the order a normal run emits them. */
export const RUN_EVENT_KINDS = ['QUEUED', 'STARTED', 'PROGRESS', 'COMPLETED', 'RECONCILED', 'LIKELY_STALE'] as const;
export type RunEventKind = (typeof RUN_EVENT_KINDS)[number];

/** Snapshot lifecycle changes caused by capture runs. */
export const SNAPSHOT_EVENT_KINDS = ['SNAPSHOT_BUILDING', 'SNAPSHOT_COMPLETE', 'SNAPSHOT_INCOMPLETE', 'EFFECTIVE_SNAPSHOT_CHANGED'] as const;
export type SnapshotEventKind = (typeof SNAPSHOT_EVENT_KINDS)[number];

export const OPERATION_RUN_EVENT_KINDS = [...RUN_EVENT_KINDS, ...SNAPSHOT_EVENT_KINDS, 'NOTIFICATION'] as const;
export type OperationRunEventKind = (typeof OPERATION_RUN_EVENT_KINDS)[number];

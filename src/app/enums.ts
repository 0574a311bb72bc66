import type { Resolvers } from '../generated/resolvers-types.js';

/** Maps GraphQL enum values (UPPER_CASE) to the lower_case values stored and used by services. */
export const enumResolvers: Resolvers = {
  WorkspaceRole: { OWNER: 'owner', MANAGER: 'manager', OPERATOR: 'operator', READONLY: 'readonly' },
  TenantAccess: { ALL: 'all', ASSIGNED: 'assigned' },
  TenantStatus: { ACTIVE: 'active', ARCHIVED: 'archived' },
  BaselineProfileStatus: { DRAFT: 'draft', ACTIVE: 'active', ARCHIVED: 'archived' },
  CaptureMode: { FULL_CONTENT: 'full_content', META_ONLY: 'meta_only' },
  SnapshotLifecycleState: { BUILDING: 'building', COMPLETE: 'complete', INCOMPLETE: 'incomplete' },
  OperationRunStatus: { QUEUED: 'queued', RUNNING: 'running', COMPLETED: 'completed' },
  OperationRunOutcome: {
    PENDING: 'pending',
    SUCCEEDED: 'succeeded',
    PARTIALLY_SUCCEEDED: 'partially_succeeded',
    BLOCKED: 'blocked',
    FAILED: 'failed',
  },
  FreshnessState: {
    FRESH_ACTIVE: 'fresh_active',
    LIKELY_STALE: 'likely_stale',
    RECONCILED_FAILED: 'reconciled_failed',
    TERMINAL_NORMAL: 'terminal_normal',
    UNKNOWN: 'unknown',
  },
  Tone: { NEUTRAL: 'neutral', INFO: 'info', SUCCESS: 'success', WARNING: 'warning', DANGER: 'danger' },
  ReconciliationSource: { FAILURE_BRIDGE: 'failure_bridge', SCHEDULED_RECONCILER: 'scheduled_reconciler', QUEUE_CHECK: 'queue_check' },
  SnapshotTruth: { CURRENT: 'current', SUPERSEDED: 'superseded', NOT_USABLE: 'not_usable' },
  FindingKind: { MISSING: 'missing', UNEXPECTED: 'unexpected', DIFFERENT: 'different' },
  FindingSeverity: { LOW: 'low', MEDIUM: 'medium', HIGH: 'high' },
  FindingStatus: { OPEN: 'open', RESOLVED: 'resolved' },
  InventoryConnectorKind: { MICROSOFT_GRAPH: 'microsoft_graph' },
  ArtifactExistence: { NONE: 'none', CREATED_NOT_USABLE: 'created_not_usable', CURRENT: 'current', HISTORICAL: 'historical' },
  OperationRunEventKind: {
    QUEUED: 'QUEUED',
    STARTED: 'STARTED',
    PROGRESS: 'PROGRESS',
    COMPLETED: 'COMPLETED',
    RECONCILED: 'RECONCILED',
    LIKELY_STALE: 'LIKELY_STALE',
  },
  BaselineSnapshotEventKind: {
    BUILDING: 'SNAPSHOT_BUILDING',
    COMPLETE: 'SNAPSHOT_COMPLETE',
    INCOMPLETE: 'SNAPSHOT_INCOMPLETE',
    EFFECTIVE_SNAPSHOT_CHANGED: 'EFFECTIVE_SNAPSHOT_CHANGED',
  },
};

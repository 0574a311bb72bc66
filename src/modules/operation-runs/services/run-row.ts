import type { FailureEntry, ReconciliationRecord, RunOutcome, RunStatus } from '../domain/run-states.js';
import type { OperationRun } from '../entities/operation-run.js';

/** A row of `operation_runs` as the ORM's connection returns it: timestamps stay text. */
export interface OperationRunRow {
  id: string;
  workspace_id: string;
  tenant_id: string | null;
  initiator_id: string | null;
  type: string;
  status: RunStatus;
  outcome: RunOutcome;
  run_identity_hash: string;
  summary_counts: Record<string, number>;
  failure_summary: FailureEntry[];
  context: Record<string, unknown>;
  attempt: number;
  current_attempt_id: string | null;
  attempt_started_at: string | null;
  queue_job_id: string | null;
  last_heartbeat_at: string | null;
  started_at: string | null;
  completed_at: string | null;
  reason_code: string | null;
  reconciled_at: string | null;
  reconciliation: ReconciliationRecord | null;
  likely_stale_signaled_at: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * The columns of OperationRunRow, for statements to return by name rather than `*`: a column added
 * by a later migration must not change the result of a statement already prepared on a connection
 * of a running process.
 */
export const OPERATION_RUN_COLUMNS = [
  'id',
  'workspace_id',
  'tenant_id',
  'initiator_id',
  'type',
  'status',
  'outcome',
  'run_identity_hash',
  'summary_counts',
  'failure_summary',
  'context',
  'attempt',
  'current_attempt_id',
  'attempt_started_at',
  'queue_job_id',
  'last_heartbeat_at',
  'started_at',
  'completed_at',
  'reason_code',
  'reconciled_at',
  'reconciliation',
  'likely_stale_signaled_at',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof OperationRunRow)[];

/**
 * The run a transition statement returned, mapped explicitly: the caller reads it, nothing
 * flushes it, so it needs no identity map or change tracking.
 */
export function runFromRow(row: OperationRunRow, parseDate: (value: string) => Date): OperationRun {
  const date = (value: string | null) => (value === null ? null : parseDate(value));
  return {
    id: row.id,
    workspace: row.workspace_id,
    tenant: row.tenant_id,
    initiator: row.initiator_id,
    type: row.type,
    status: row.status,
    outcome: row.outcome,
    runIdentityHash: row.run_identity_hash,
    summaryCounts: row.summary_counts,
    failureSummary: row.failure_summary,
    context: row.context,
    attempt: row.attempt,
    currentAttemptId: row.current_attempt_id,
    attemptStartedAt: date(row.attempt_started_at),
    queueJobId: row.queue_job_id,
    lastHeartbeatAt: date(row.last_heartbeat_at),
    startedAt: date(row.started_at),
    completedAt: date(row.completed_at),
    reasonCode: row.reason_code,
    reconciledAt: date(row.reconciled_at),
    reconciliation: row.reconciliation,
    likelyStaleSignaledAt: date(row.likely_stale_signaled_at),
    createdAt: parseDate(row.created_at),
    updatedAt: parseDate(row.updated_at),
  };
}

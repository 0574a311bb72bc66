import { RUN_TYPE_LABELS } from '../domain/run-presentation.js';
import type { FailureEntry, TerminalOutcome } from '../domain/run-states.js';
import { OPERATION_RUN_COLUMNS } from './run-row.js';
import type { TerminalNoticeWording } from './run-terminal-effects.js';

/**
 * The run transitions of the common path, each as one SQL statement: the run row's change, its
 * outbox event(s), audit record and notification commit together because PostgreSQL runs a single
 * statement atomically (its data-modifying CTEs included), so none needs BEGIN/COMMIT. The
 * attempt fence is the UPDATE's WHERE clause, re-checked by PostgreSQL on the locked row; a
 * statement that matches no row changed nothing and writes nothing.
 *
 * Every statement returns the run's row plus `outbox_events`, the outbox rows it wrote (id, kind,
 * recipient, payload), for publishing after it returns.
 */
export interface RunStatement {
  /** The name the statement is prepared under on each connection, so PostgreSQL parses and plans it once per connection. */
  name: string;
  /** With `$1`… placeholders. */
  text: string;
  values: (string | number | Date | null)[];
}

/** Numbers the `?` placeholders of `sql` ($1, $2, …) once, when the module loads. */
function numbered(sql: string): string {
  let position = 0;
  return sql.replace(/\?/g, () => `$${++position}`);
}

const RETURNING_RUN = `returning ${OPERATION_RUN_COLUMNS.join(', ')}`;

const EVENTS_WRITTEN = `(select coalesce(json_agg(json_build_object('id', e.id::text, 'kind', e.kind, 'recipient', e.recipient_id, 'payload', e.payload) order by e.id), '[]') from events e) as outbox_events`;

const INSERT_QUEUED_RUN = numbered(`with run as (
        insert into operation_runs (id, workspace_id, tenant_id, initiator_id, type, status, outcome, run_identity_hash,
          summary_counts, failure_summary, context, attempt, current_attempt_id, queue_job_id, created_at, updated_at)
        values (?, ?, ?, ?, ?, 'queued', 'pending', ?, '{}', '[]', ?::jsonb, 0, ?, ?, now(), now())
        on conflict (run_identity_hash) where status <> 'completed' do nothing
        ${RETURNING_RUN}
      ), events as (
        insert into operation_run_events (run_id, workspace_id, tenant_id, kind, payload)
        select id, workspace_id, tenant_id, 'QUEUED', jsonb_build_object('runType', type, 'status', 'queued', 'attempt', 0) from run
        returning id, kind, recipient_id, payload
      ), audit as (
        insert into audit_logs (id, workspace_id, tenant_id, actor_id, actor_type, action, subject_type, subject_id, metadata)
        select ?, workspace_id, tenant_id, initiator_id, case when initiator_id is null then 'system' else 'user' end,
          'operation_run.queued', 'operation_run', id, ?::jsonb from run
      )
      select run.*, ${EVENTS_WRITTEN} from run`);

const START_ATTEMPT = numbered(`with run as (
        update operation_runs set status = 'running', started_at = coalesce(started_at, ?::timestamptz), attempt = attempt + 1,
          attempt_started_at = ?::timestamptz, last_heartbeat_at = ?::timestamptz, updated_at = ?::timestamptz
        where id = ? and status <> 'completed' and current_attempt_id = ? and attempt_started_at is null
        ${RETURNING_RUN}
      ), events as (
        insert into operation_run_events (run_id, workspace_id, tenant_id, kind, payload)
        select id, workspace_id, tenant_id, 'STARTED', jsonb_build_object('runType', type, 'status', 'running', 'attempt', attempt) from run
        returning id, kind, recipient_id, payload
      )
      select run.*, ${EVENTS_WRITTEN} from run`);

const RECORD_HEARTBEAT = numbered(`with previous as (
        select id, summary_counts from operation_runs where id = ? for update
      ), run as (
        update operation_runs r set last_heartbeat_at = ?::timestamptz, updated_at = ?::timestamptz, summary_counts = r.summary_counts || ?::jsonb
        from previous
        where r.id = previous.id and r.status = 'running' and r.current_attempt_id = ? and r.attempt_started_at is not null
        returning ${OPERATION_RUN_COLUMNS.map((column) => `r.${column}`).join(', ')}
      ), events as (
        insert into operation_run_events (run_id, workspace_id, tenant_id, kind, payload)
        select run.id, run.workspace_id, run.tenant_id, 'PROGRESS', jsonb_build_object('runType', run.type, 'summaryCounts', run.summary_counts)
        from run join previous on previous.id = run.id
        where run.summary_counts <> previous.summary_counts
        returning id, kind, recipient_id, payload
      )
      select run.*, ${EVENTS_WRITTEN} from run`);

const COMPLETE_ATTEMPT = numbered(`with run as (
        update operation_runs set status = 'completed', outcome = ?, reason_code = ?, completed_at = ?::timestamptz, updated_at = ?::timestamptz,
          summary_counts = summary_counts || ?::jsonb, failure_summary = failure_summary || ?::jsonb, context = context || ?::jsonb
        where id = ? and status = 'running' and current_attempt_id = ? and attempt_started_at is not null
          and type not in (select jsonb_array_elements_text(?::jsonb))
        ${RETURNING_RUN}
      ), events as (
        insert into operation_run_events (run_id, workspace_id, tenant_id, kind, recipient_id, payload)
        select run.id, run.workspace_id, run.tenant_id, effect.kind, effect.recipient_id, effect.payload
        from run cross join lateral (values
          (1, 'COMPLETED', null::uuid, jsonb_build_object('runType', run.type, 'status', 'completed', 'outcome', run.outcome, 'reasonCode', run.reason_code)),
          (2, 'NOTIFICATION', run.initiator_id, jsonb_build_object('runType', run.type, 'notificationId', ?::text))
        ) as effect(position, kind, recipient_id, payload)
        where effect.kind = 'COMPLETED' or run.initiator_id is not null
        order by effect.position
        returning id, kind, recipient_id, payload
      ), audit as (
        insert into audit_logs (id, workspace_id, tenant_id, actor_id, actor_type, action, subject_type, subject_id, metadata)
        select ?, workspace_id, tenant_id, null, 'system', 'operation_run.completed', 'operation_run', id,
          jsonb_build_object('type', type, 'outcome', outcome, 'reasonCode', reason_code) from run
      ), notification as (
        insert into notifications (id, user_id, workspace_id, tenant_id, run_id, kind, title, body, tone)
        select ?, initiator_id, workspace_id, tenant_id, id, 'run_terminal', coalesce(?::jsonb ->> type, type) || ' ' || ?, ?, ?
        from run where initiator_id is not null
      )
      select run.*, ${EVENTS_WRITTEN} from run`);

export interface InsertRun {
  id: string;
  attemptId: string;
  workspaceId: string;
  tenantId: string | null;
  initiatorId: string | null;
  type: string;
  identityHash: string;
  context: Record<string, unknown>;
  auditId: string;
  auditMetadata: Record<string, unknown>;
}

/**
 * Inserts a queued run with its QUEUED event and audit record, unless the identity already has an
 * active run (then it returns no row and writes nothing).
 */
export function insertQueuedRun(run: InsertRun): RunStatement {
  return {
    name: 'run_insert_queued',
    text: INSERT_QUEUED_RUN,
    values: [
      run.id,
      run.workspaceId,
      run.tenantId,
      run.initiatorId,
      run.type,
      run.identityHash,
      JSON.stringify(run.context),
      run.attemptId,
      run.attemptId,
      run.auditId,
      JSON.stringify(run.auditMetadata),
    ],
  };
}

/** Marks the attempt executing with its STARTED event, if it is the run's current attempt and has not begun before. */
export function startAttempt(runId: string, attemptId: string, now: Date): RunStatement {
  return {
    name: 'run_start_attempt',
    text: START_ATTEMPT,
    values: [now, now, now, now, runId, attemptId],
  };
}

/**
 * Records liveness of the executing attempt and merges `counts` into its summary counts, with a
 * PROGRESS event only when that changed them. The counts before the change are read under the
 * row lock in the same statement.
 */
export function recordHeartbeat(runId: string, attemptId: string, counts: Record<string, number>, now: Date): RunStatement {
  return {
    name: 'run_record_heartbeat',
    text: RECORD_HEARTBEAT,
    values: [runId, now, now, JSON.stringify(counts), attemptId],
  };
}

/** A normal end of the executing attempt, merged into the run as `complete` and `finalizeBlocked` describe. */
export interface TerminalChange {
  outcome: TerminalOutcome;
  reasonCode: string | null;
  summaryCounts?: Record<string, number>;
  failures?: FailureEntry[];
  context?: Record<string, unknown>;
}

export interface TerminalEffectIds {
  auditId: string;
  notificationId: string;
}

/**
 * Ends the executing attempt's run with `change`: the COMPLETED event, the audit record, and for a
 * run with an initiator the notification and its NOTIFICATION event. Runs of `skipTypes` (types
 * with terminal hooks, which need a transaction) are left alone, as are runs the attempt does not own.
 */
export function completeAttempt(
  runId: string,
  attemptId: string,
  change: TerminalChange,
  wording: TerminalNoticeWording,
  ids: TerminalEffectIds,
  skipTypes: readonly string[],
  now: Date,
): RunStatement {
  return {
    name: 'run_complete_attempt',
    text: COMPLETE_ATTEMPT,
    values: [
      change.outcome,
      change.reasonCode,
      now,
      now,
      JSON.stringify(change.summaryCounts ?? {}),
      JSON.stringify(change.failures ?? []),
      JSON.stringify(change.context ?? {}),
      runId,
      attemptId,
      JSON.stringify(skipTypes),
      ids.notificationId,
      ids.auditId,
      ids.notificationId,
      JSON.stringify(RUN_TYPE_LABELS),
      wording.phrase,
      wording.body,
      wording.tone,
    ],
  };
}

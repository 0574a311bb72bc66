import { RUN_TYPE_LABELS } from '../domain/run-presentation.js';
import type { FailureEntry, TerminalOutcome } from '../domain/run-states.js';
import { numberedPlaceholders, type PreparedStatement } from '../../../platform/db/prepared-statement.js';
import { OPERATION_RUN_COLUMNS } from './run-row.js';
import type { TerminalNoticeWording } from './run-terminal-effects.js';

/**
 * The run transitions of the common path, each as one SQL statement: the run row's change, its
 * outbox event(s), audit record and notification commit together because PostgreSQL runs a single
 * statement atomically (its data-modifying CTEs included), so none needs BEGIN/COMMIT. The
 * attempt fence is the UPDATE's WHERE clause, re-checked by PostgreSQL on the locked row; a
 * statement that matches no row changed nothing and writes nothing.
 *
 * Launch, start and completion take a batch of runs (a JSON array read by `jsonb_to_recordset`),
 * so that concurrent transitions of one kind share one statement (see WriteBatcher); each run's
 * fence applies to its own row, and a run the statement did not change is simply not returned.
 *
 * Every statement returns the changed runs' rows, each with `outbox_events`, the outbox rows it
 * wrote for that run (id, kind, recipient, payload), for publishing after it returns. A statement
 * is prepared by name when it concerns one run (or is the launch), and planned at each execution
 * when it is a batch of starts or completions (see RunLookup).
 */
export type RunStatement = PreparedStatement;

const RUN_COLUMNS = (alias: string) => OPERATION_RUN_COLUMNS.map((column) => `${alias}.${column}`).join(', ');

/**
 * The statement's result: each run of its `run` CTE (`columns`, all by default) with `outbox_events`,
 * that run's rows of its `events` CTE (grouped once, not looked up per run).
 */
const RUNS_WITH_EVENTS = (columns = 'run.*') => `select ${columns}, coalesce(written.events, '[]') as outbox_events from run left join (
        select run_id, json_agg(json_build_object('id', id::text, 'kind', kind, 'recipient', recipient_id, 'payload', payload) order by id) as events
        from events group by run_id
      ) written on written.run_id = run.id`;

/**
 * How a start or completion statement finds its runs: one run by primary key equality, or several
 * by a primary key array. The one-run form is prepared by name, since its cached plan reads the
 * run through the primary key at any table size; the batch form is planned at each execution
 * (a plan cached while the table was small would keep scanning it whole after it grew).
 */
type RunLookup = 'r.id = ?::uuid' | 'r.id = any(?::uuid[])';
const ONE_RUN: RunLookup = 'r.id = ?::uuid';
const RUNS: RunLookup = 'r.id = any(?::uuid[])';

/** A start or completion statement for `runIds` with its JSON input: the one-run form prepared under `name`, or the batch form. */
function forRuns(runIds: string[], name: string, [one, many]: readonly [string, string], input: string, rest: string[] = []): RunStatement {
  return runIds.length === 1 ? { name, text: one, values: [input, runIds[0], ...rest] } : { text: many, values: [input, runIds, ...rest] };
}

/** Reads no table but its own input (the conflict goes through the identity index), so its cached plan suits any batch. */
const INSERT_QUEUED_RUNS = numberedPlaceholders(`with input as (
        select * from jsonb_to_recordset(?::jsonb) as i(position int, id uuid, workspace_id uuid, tenant_id uuid, initiator_id uuid, type text,
          identity_hash text, context jsonb, attempt_id uuid, audit_id uuid, audit_metadata jsonb)
      ), run as (
        insert into operation_runs (id, workspace_id, tenant_id, initiator_id, type, status, outcome, run_identity_hash,
          summary_counts, failure_summary, context, attempt, current_attempt_id, queue_job_id, created_at, updated_at)
        select id, workspace_id, tenant_id, initiator_id, type, 'queued', 'pending', identity_hash, '{}', '[]', context, 0, attempt_id, attempt_id, now(), now()
        from input order by position
        on conflict (run_identity_hash) where status <> 'completed' do nothing
        returning ${OPERATION_RUN_COLUMNS.join(', ')}
      ), events as (
        insert into operation_run_events (run_id, workspace_id, tenant_id, kind, payload)
        select id, workspace_id, tenant_id, 'QUEUED', jsonb_build_object('runType', type, 'status', 'queued', 'attempt', 0) from run
        returning id, run_id, kind, recipient_id, payload
      ), audit as (
        insert into audit_logs (id, workspace_id, tenant_id, actor_id, actor_type, action, subject_type, subject_id, metadata)
        select i.audit_id, run.workspace_id, run.tenant_id, run.initiator_id, case when run.initiator_id is null then 'system' else 'user' end,
          'operation_run.queued', 'operation_run', run.id, i.audit_metadata from run join input i on i.id = run.id
      )
      ${RUNS_WITH_EVENTS()}`);

const startAttemptsText = (lookup: RunLookup) =>
  numberedPlaceholders(`with input as (
        select * from jsonb_to_recordset(?::jsonb) as i(run_id uuid, attempt_id uuid, at timestamptz)
      ), run as (
        update operation_runs r set status = 'running', started_at = coalesce(r.started_at, i.at), attempt = r.attempt + 1,
          attempt_started_at = i.at, last_heartbeat_at = i.at, updated_at = i.at
        from input i
        where ${lookup} and r.id = i.run_id and r.status <> 'completed' and r.current_attempt_id = i.attempt_id and r.attempt_started_at is null
        returning ${RUN_COLUMNS('r')}
      ), events as (
        insert into operation_run_events (run_id, workspace_id, tenant_id, kind, payload)
        select id, workspace_id, tenant_id, 'STARTED', jsonb_build_object('runType', type, 'status', 'running', 'attempt', attempt) from run
        returning id, run_id, kind, recipient_id, payload
      )
      ${RUNS_WITH_EVENTS()}`);
const START_TEXTS = [startAttemptsText(ONE_RUN), startAttemptsText(RUNS)] as const;

const RECORD_HEARTBEAT = numberedPlaceholders(`with previous as (
        select id, summary_counts from operation_runs where id = ? for update
      ), run as (
        update operation_runs r set last_heartbeat_at = ?::timestamptz, updated_at = ?::timestamptz, summary_counts = r.summary_counts || ?::jsonb
        from previous
        where r.id = previous.id and r.status = 'running' and r.current_attempt_id = ? and r.attempt_started_at is not null
        returning ${RUN_COLUMNS('r')}
      ), events as (
        insert into operation_run_events (run_id, workspace_id, tenant_id, kind, payload)
        select run.id, run.workspace_id, run.tenant_id, 'PROGRESS', jsonb_build_object('runType', run.type, 'summaryCounts', run.summary_counts)
        from run join previous on previous.id = run.id
        where run.summary_counts <> previous.summary_counts
        returning id, run_id, kind, recipient_id, payload
      )
      ${RUNS_WITH_EVENTS()}`);

const completeAttemptsText = (lookup: RunLookup) =>
  numberedPlaceholders(`with input as (
        select * from jsonb_to_recordset(?::jsonb) as i(run_id uuid, attempt_id uuid, at timestamptz, outcome text, reason_code text,
          summary_counts jsonb, failures jsonb, context jsonb, audit_id uuid, notification_id uuid, phrase text, body text, tone text)
      ), run as (
        update operation_runs r set status = 'completed', outcome = i.outcome, reason_code = i.reason_code, completed_at = i.at, updated_at = i.at,
          summary_counts = r.summary_counts || i.summary_counts, failure_summary = r.failure_summary || i.failures, context = r.context || i.context
        from input i
        where ${lookup} and r.id = i.run_id and r.status = 'running' and r.current_attempt_id = i.attempt_id and r.attempt_started_at is not null
          and r.type not in (select jsonb_array_elements_text(?::jsonb))
        returning ${RUN_COLUMNS('r')}, i.audit_id, i.notification_id, i.phrase, i.body, i.tone
      ), events as (
        insert into operation_run_events (run_id, workspace_id, tenant_id, kind, recipient_id, payload)
        select run.id, run.workspace_id, run.tenant_id, effect.kind, effect.recipient_id, effect.payload
        from run cross join lateral (values
          (1, 'COMPLETED', null::uuid, jsonb_build_object('runType', run.type, 'status', 'completed', 'outcome', run.outcome, 'reasonCode', run.reason_code)),
          (2, 'NOTIFICATION', run.initiator_id, jsonb_build_object('runType', run.type, 'notificationId', run.notification_id::text))
        ) as effect(position, kind, recipient_id, payload)
        where effect.kind = 'COMPLETED' or run.initiator_id is not null
        order by run.id, effect.position
        returning id, run_id, kind, recipient_id, payload
      ), audit as (
        insert into audit_logs (id, workspace_id, tenant_id, actor_id, actor_type, action, subject_type, subject_id, metadata)
        select audit_id, workspace_id, tenant_id, null, 'system', 'operation_run.completed', 'operation_run', id,
          jsonb_build_object('type', type, 'outcome', outcome, 'reasonCode', reason_code) from run
      ), notification as (
        insert into notifications (id, user_id, workspace_id, tenant_id, run_id, kind, title, body, tone)
        select notification_id, initiator_id, workspace_id, tenant_id, id, 'run_terminal', coalesce(?::jsonb ->> type, type) || ' ' || phrase, body, tone
        from run where initiator_id is not null
      )
      ${RUNS_WITH_EVENTS(RUN_COLUMNS('run'))}`);
const COMPLETE_TEXTS = [completeAttemptsText(ONE_RUN), completeAttemptsText(RUNS)] as const;

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
 * Inserts queued runs, each with its QUEUED event and audit record, except those whose identity
 * already has an active run (or comes twice in the batch): those return no row and write nothing.
 */
export function insertQueuedRuns(runs: readonly InsertRun[]): RunStatement {
  const input = runs.map((run, position) => ({
    position,
    id: run.id,
    workspace_id: run.workspaceId,
    tenant_id: run.tenantId,
    initiator_id: run.initiatorId,
    type: run.type,
    identity_hash: run.identityHash,
    context: run.context,
    attempt_id: run.attemptId,
    audit_id: run.auditId,
    audit_metadata: run.auditMetadata,
  }));
  return { name: 'run_insert_queued', text: INSERT_QUEUED_RUNS, values: [JSON.stringify(input)] };
}

export interface AttemptStart {
  runId: string;
  attemptId: string;
  at: Date;
}

/** Marks each attempt executing with its STARTED event, if it is its run's current attempt and has not begun before. */
export function startAttempts(starts: readonly AttemptStart[]): RunStatement {
  const input = starts.map((start) => ({ run_id: start.runId, attempt_id: start.attemptId, at: start.at }));
  return forRuns(
    starts.map((start) => start.runId),
    'run_start_attempt',
    START_TEXTS,
    JSON.stringify(input),
  );
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

/** One attempt's normal end: the change, the wording of its notice and the ids of the rows it adds. */
export interface AttemptCompletion {
  runId: string;
  attemptId: string;
  change: TerminalChange;
  wording: TerminalNoticeWording;
  auditId: string;
  notificationId: string;
  at: Date;
}

/**
 * Ends each executing attempt's run with its change: the COMPLETED event, the audit record, and for
 * a run with an initiator the notification and its NOTIFICATION event. Runs of `skipTypes` (types
 * with terminal hooks, which need a transaction) are left alone, as are runs the attempt does not own.
 */
export function completeAttempts(completions: readonly AttemptCompletion[], skipTypes: readonly string[]): RunStatement {
  const input = completions.map(({ runId, attemptId, change, wording, auditId, notificationId, at }) => ({
    run_id: runId,
    attempt_id: attemptId,
    at,
    outcome: change.outcome,
    reason_code: change.reasonCode,
    summary_counts: change.summaryCounts ?? {},
    failures: change.failures ?? [],
    context: change.context ?? {},
    audit_id: auditId,
    notification_id: notificationId,
    phrase: wording.phrase,
    body: wording.body,
    tone: wording.tone,
  }));
  return forRuns(
    completions.map((completion) => completion.runId),
    'run_complete_attempt',
    COMPLETE_TEXTS,
    JSON.stringify(input),
    [JSON.stringify(skipTypes), JSON.stringify(RUN_TYPE_LABELS)],
  );
}

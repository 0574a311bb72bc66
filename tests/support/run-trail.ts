import type { EntityManager } from '@mikro-orm/postgresql';

/** What a user can see of one run: its row, its events, its audit records and its notifications. */
export interface RunTrail {
  /** The whole row as JSON text: two equal rows mean not one column changed. */
  row: string;
  events: { kind: string; recipient: string | null; payload: Record<string, any> }[];
  audits: { action: string; actorType: string; tenant: string | null; metadata: Record<string, any> }[];
  notifications: { user: string; kind: string; title: string; body: string; tone: string }[];
}

export async function runTrail(em: EntityManager, runId: string): Promise<RunTrail> {
  const connection = em.getConnection();
  const [found] = await connection.execute<{ row: string }[]>('select row_to_json(r)::text as row from operation_runs r where id = ?', [runId]);
  if (!found) throw new Error(`Run ${runId} does not exist.`);
  const events = await connection.execute<RunTrail['events']>(
    'select kind, recipient_id as recipient, payload from operation_run_events where run_id = ? order by id',
    [runId],
  );
  const audits = await connection.execute<RunTrail['audits']>(
    `select action, actor_type as "actorType", tenant_id as tenant, metadata from audit_logs
      where subject_type = 'operation_run' and subject_id = ? order by created_at, id`,
    [runId],
  );
  const notifications = await connection.execute<RunTrail['notifications']>(
    'select user_id as "user", kind, title, body, tone from notifications where run_id = ? order by created_at, id',
    [runId],
  );
  return { row: found.row, events, audits, notifications };
}

export const eventKinds = (trail: RunTrail) => trail.events.map((event) => event.kind);
export const auditActions = (trail: RunTrail) => trail.audits.map((audit) => audit.action);

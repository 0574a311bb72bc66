import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventPosition } from './position.js';
import { followsNothing, type EventSources } from './sources.js';

/** One outbox row as delivered to subscribers. */
export interface StoredEvent {
  position: EventPosition;
  id: string;
  kind: string;
  runId: string;
  workspaceId: string;
  tenantId: string | null;
  snapshotId: string | null;
  profileId: string | null;
  recipientId: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
}

interface Row {
  tx_id: string;
  id: string;
  kind: string;
  run_id: string;
  workspace_id: string;
  tenant_id: string | null;
  snapshot_id: string | null;
  profile_id: string | null;
  recipient_id: string | null;
  payload: Record<string, unknown>;
  created_at: Date;
}

function toEvent(row: Row): StoredEvent {
  return {
    position: { txId: BigInt(row.tx_id), id: BigInt(row.id) },
    id: row.id,
    kind: row.kind,
    runId: row.run_id,
    workspaceId: row.workspace_id,
    tenantId: row.tenant_id,
    snapshotId: row.snapshot_id,
    profileId: row.profile_id,
    recipientId: row.recipient_id,
    payload: row.payload,
    createdAt: row.created_at,
  };
}

const MAX_BIGINT = 9223372036854775807n;
/** A uuid no workspace or user has, standing in for an empty `in` list. */
const NO_ID = '00000000-0000-0000-0000-000000000000';

const COLUMNS = 'tx_id::text as tx_id, id, kind, run_id, workspace_id, tenant_id, snapshot_id, profile_id, recipient_id, payload, created_at';

/**
 * Reads the outbox in position order. "Settled" rows are those whose transaction is older than
 * every transaction still running (`pg_snapshot_xmin`): no row can ever appear before them later,
 * so a reader that only delivers settled rows never skips one.
 */
export class EventStore {
  constructor(private readonly em: () => EntityManager) {}

  /**
   * Settled events of the sources after `after`, oldest first, in one statement that also reports
   * the settled head of the same snapshot and whether unsettled events are waiting.
   */
  async readSettled(sources: EventSources, after: EventPosition, limit: number): Promise<{ events: StoredEvent[]; head: EventPosition; pending: boolean }> {
    if (followsNothing(sources)) return { events: [], head: await this.settledHead(), pending: false };
    // `in ()` is not SQL: an empty list is replaced by a value no row holds.
    const workspaces = sources.workspaceIds.length > 0 ? [...sources.workspaceIds] : [NO_ID];
    const recipients = sources.recipientIds.length > 0 ? [...sources.recipientIds] : [NO_ID];
    const followed = (alias: string) => `(${alias}.workspace_id in (?) or ${alias}.recipient_id in (?))`;
    const rows = await this.em().execute<(Partial<Row> & { horizon: string; pending: boolean })[]>(
      `with h as (select pg_snapshot_xmin(pg_current_snapshot()) as horizon)
       select h.horizon::text as horizon,
              exists(select 1 from operation_run_events p
                      where ${followed('p')}
                        and (p.tx_id, p.id) > (?::xid8, ?::bigint) and p.tx_id >= h.horizon) as pending,
              e.*
         from h
         left join lateral (
           select ${COLUMNS} from operation_run_events o
            where ${followed('o')} and (tx_id, id) > (?::xid8, ?::bigint) and tx_id < h.horizon
            order by tx_id, id
            limit ${Math.max(1, Math.floor(limit))}) e on true`,
      [workspaces, recipients, after.txId.toString(), after.id.toString(), workspaces, recipients, after.txId.toString(), after.id.toString()],
    );
    const first = rows[0]!;
    return {
      events: rows.filter((row) => row.id !== null && row.id !== undefined).map((row) => toEvent(row as Row)),
      head: { txId: BigInt(first.horizon) - 1n, id: MAX_BIGINT },
      pending: first.pending,
    };
  }

  /** The position just before every event that is not settled yet: where a live reader starts. */
  async settledHead(): Promise<EventPosition> {
    const [row] = await this.em().execute<{ xmin: string }[]>('select pg_snapshot_xmin(pg_current_snapshot())::text as xmin');
    return { txId: BigInt(row!.xmin) - 1n, id: MAX_BIGINT };
  }
}

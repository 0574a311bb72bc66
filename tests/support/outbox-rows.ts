import { encodeEventCursor } from '../../src/outbox/position.js';
import type { TestApp } from './test-app.js';

/** One committed outbox row, with the cursor a subscriber receives for it. */
export interface OutboxRow {
  cursor: string;
  kind: string;
  runId: string;
  tenantId: string | null;
  published: boolean;
}

/** The workspace's committed outbox rows in delivery order (transaction id, then row id). */
export async function outboxRows(app: TestApp, workspaceId: string, kinds?: readonly string[]): Promise<OutboxRow[]> {
  const rows = await app
    .em()
    .getConnection()
    .execute<{ tx_id: string; id: string; kind: string; run_id: string; tenant_id: string | null; published_at: Date | null }[]>(
      `select tx_id::text as tx_id, id::text as id, kind, run_id, tenant_id, published_at
       from operation_run_events e where workspace_id = ? order by e.tx_id, e.id`,
      [workspaceId],
    );
  return rows
    .filter((row) => !kinds || kinds.includes(row.kind))
    .map((row) => ({
      cursor: encodeEventCursor({ txId: BigInt(row.tx_id), id: BigInt(row.id) }),
      kind: row.kind,
      runId: row.run_id,
      tenantId: row.tenant_id,
      published: row.published_at !== null,
    }));
}

/** The NOTIFICATION rows addressed to a user, across workspaces, in delivery order. */
export async function notificationRows(app: TestApp, recipientId: string): Promise<{ cursor: string; notificationId: string }[]> {
  const rows = await app
    .em()
    .getConnection()
    .execute<{ tx_id: string; id: string; notification_id: string }[]>(
      `select tx_id::text as tx_id, id::text as id, payload->>'notificationId' as notification_id
       from operation_run_events e where kind = 'NOTIFICATION' and recipient_id = ? order by e.tx_id, e.id`,
      [recipientId],
    );
  return rows.map((row) => ({ cursor: encodeEventCursor({ txId: BigInt(row.tx_id), id: BigInt(row.id) }), notificationId: row.notification_id }));
}

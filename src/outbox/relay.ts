import { OUTBOX_ENTITY, type OperationRunEvent } from './event-row.js';
import type { Runtime } from '../platform/runtime.js';

/**
 * Publishes outbox rows that committed but were never published (the process died between commit
 * and publish, or Redis was unreachable). Publishing twice is harmless: subscribers are fed from
 * the database in position order, and Redis messages only wake them up.
 */
export async function relayUnpublishedEvents(runtime: Runtime, olderThanMs: number, limit = 500): Promise<number> {
  const cutoff = new Date(Date.now() - olderThanMs);
  const rows = await runtime.orm.em
    .fork()
    .find<OperationRunEvent>(OUTBOX_ENTITY, { publishedAt: null, createdAt: { $lt: cutoff } }, { orderBy: { id: 'asc' }, limit });
  await runtime.outbox.publish(rows);
  return rows.length;
}

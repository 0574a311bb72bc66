import { decodeCursor, encodeCursor } from '../platform/cursor.js';

/**
 * A position in the outbox: the writing transaction's id, then the row id. Rows are delivered in
 * this order, and only once every transaction that could still add a smaller position has ended.
 */
export interface EventPosition {
  txId: bigint;
  id: bigint;
}

export const ORIGIN: EventPosition = { txId: 0n, id: 0n };

export function comparePositions(a: EventPosition, b: EventPosition): number {
  if (a.txId !== b.txId) return a.txId < b.txId ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

export function isAfter(a: EventPosition, b: EventPosition): boolean {
  return comparePositions(a, b) > 0;
}

const CONNECTION = 'events';

export function encodeEventCursor(position: EventPosition): string {
  return encodeCursor(CONNECTION, [position.txId.toString(), position.id.toString()]);
}

/** Null when the cursor is not an event cursor of this API. */
export function decodeEventCursor(cursor: string): EventPosition | null {
  const keys = decodeCursor(cursor, CONNECTION, 2);
  if (!keys || !keys.every((key) => /^\d{1,20}$/.test(key))) return null;
  return { txId: BigInt(keys[0]!), id: BigInt(keys[1]!) };
}

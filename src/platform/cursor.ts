/**
 * Opaque, versioned keyset cursors. A cursor names the connection it belongs to, so a cursor
 * from one list is rejected by another instead of silently returning a wrong page.
 */
const VERSION = 1;

export function encodeCursor(connection: string, keys: readonly string[]): string {
  return Buffer.from(JSON.stringify([VERSION, connection, ...keys]), 'utf8').toString('base64url');
}

/** Returns the keys, or null when the cursor is malformed or belongs to another connection. */
export function decodeCursor(cursor: string, connection: string, arity: number): string[] | null {
  if (cursor.length === 0 || cursor.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== arity + 2) return null;
  const [version, name, ...keys] = parsed as unknown[];
  if (version !== VERSION || name !== connection) return null;
  if (!keys.every((key): key is string => typeof key === 'string' && key.length <= 1024)) return null;
  return keys;
}

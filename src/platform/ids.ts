import { randomUUID } from 'node:crypto';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A time-ordered UUID (version 7): the first 48 bits are the Unix time in milliseconds,
 * so ids sort by creation time and index locality stays good. The random bits and the RFC 4122
 * variant come from a version 4 UUID, which Node draws from a pool of entropy it refills in
 * batches rather than with one system call per id.
 */
export function newId(now: number = Date.now()): string {
  const random = randomUUID();
  const time = now.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15)}`;
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

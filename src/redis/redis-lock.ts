import { randomUUID } from 'node:crypto';
import type { RedisClientType } from 'redis';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Runs `work` only if this process wins the lock; the lock expires after `ttlMs` even if the
 * holder dies, and is released only by its holder. Returns whether `work` ran.
 */
export async function withRedisLock(redis: RedisClientType, key: string, ttlMs: number, work: () => Promise<void>): Promise<boolean> {
  const token = randomUUID();
  const acquired = await redis.set(key, token, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } });
  if (acquired !== 'OK') return false;
  try {
    await work();
  } finally {
    await redis.eval(RELEASE, { keys: [key], arguments: [token] }).catch(() => undefined);
  }
  return true;
}

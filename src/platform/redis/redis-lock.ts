import { randomUUID } from 'node:crypto';
import type { RedisClientType } from 'redis';
import { withTimeout } from '../with-timeout.js';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Runs `work` only if this process wins the lock; the lock expires after `ttlMs` even if the
 * holder dies, and is released only by its holder. Returns whether `work` ran. Taking and releasing
 * the lock wait at most `answerWithinMs` each, so a Redis that stops answering cannot hold the
 * caller (and a shutdown waiting for it) forever.
 */
export async function withRedisLock(redis: RedisClientType, key: string, ttlMs: number, answerWithinMs: number, work: () => Promise<void>): Promise<boolean> {
  const token = randomUUID();
  const acquired = await withTimeout(redis.set(key, token, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } }), answerWithinMs, `take lock ${key}`);
  if (acquired !== 'OK') return false;
  try {
    await work();
  } finally {
    await withTimeout(redis.eval(RELEASE, { keys: [key], arguments: [token] }), answerWithinMs, `release lock ${key}`).catch(() => undefined);
  }
  return true;
}

import { randomUUID } from 'node:crypto';
import { logger } from '../../../platform/logger.js';
import type { RedisConnections } from '../../../platform/redis/redis-connections.js';
import { withTimeout } from '../../../platform/with-timeout.js';

/** How long a request waits for a user's stamp before it reads their entitlements from the database instead. */
export const STAMP_READ_TIMEOUT_MS = 250;

/** Stamps outlive any cache entry by far; a stamp that expired reads as a change, never as "unchanged". */
const STAMP_TTL_SECONDS = 24 * 3600;

/**
 * One stamp per user in Redis, replaced by a new random value whenever the user's entitlements
 * change (membership added, role changed, removed, tenant granted or revoked). Every API process
 * reads it before trusting cached entitlements, so a change made through any process ends every
 * process's cached view of that user. A random value, not a counter: a Redis that lost its keys
 * and saw a change since cannot hand back a stamp a cache entry still holds.
 */
export class EntitlementStamps {
  constructor(
    private readonly redis: RedisConnections,
    private readonly writeTimeoutMs: number,
  ) {}

  private key(userId: string): string {
    return `${this.redis.prefix}:entitlements:${userId}`;
  }

  /** The user's current stamp ('' when none was set), or null when Redis cannot answer now. */
  async read(userId: string): Promise<string | null> {
    if (!this.redis.commands.isReady) return null;
    try {
      return (await withTimeout(this.redis.commands.get(this.key(userId)), STAMP_READ_TIMEOUT_MS, 'entitlement stamp read')) ?? '';
    } catch {
      return null;
    }
  }

  /** Marks the users' entitlements as changed; logged, not thrown, when Redis cannot take it (cache entries then end with their TTL). */
  async bump(userIds: readonly string[]): Promise<void> {
    try {
      const writes = Promise.all(userIds.map((userId) => this.redis.commands.set(this.key(userId), randomUUID(), { EX: STAMP_TTL_SECONDS })));
      await withTimeout(writes, this.writeTimeoutMs, 'entitlement stamp write');
    } catch (error) {
      logger.warn('entitlement stamps not written; other API processes may serve cached entitlements until their TTL ends', {
        userIds,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

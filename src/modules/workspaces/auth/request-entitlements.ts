import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from './actor.js';
import { loadActor } from './actor-loader.js';
import type { EntitlementCache } from './entitlement-cache.js';
import type { EntitlementStamps } from './entitlement-stamps.js';
import type { TokenVerifier } from './tokens.js';

/** What a service that changes memberships tells once its transaction has committed. */
export interface EntitlementChanges {
  changed(userIds: readonly string[]): Promise<void>;
}

/**
 * Resolves the caller behind a bearer token once per request: from the cache when the token was
 * verified recently and the user's entitlement stamp is unchanged, else by verifying the token and
 * reading the user's entitlements in one statement. The stamp is read before the database, so an
 * entry cached from rows older than a change always carries the stamp that change replaced. When
 * Redis cannot answer for the stamp, the database answers and nothing is cached.
 */
export class RequestEntitlements implements EntitlementChanges {
  constructor(
    private readonly tokens: TokenVerifier,
    private readonly stamps: EntitlementStamps,
    private readonly cache: EntitlementCache,
  ) {}

  /** The caller's entitlements as they are now; null when the token's user no longer exists. Throws TokenError for a refused token. */
  async actorFor(em: EntityManager, token: string): Promise<Actor | null> {
    const now = Date.now();
    const cached = this.cache.get(token, now);
    let userId: string;
    let tokenExpiresAt: number;
    let stamp: string | null = null;
    if (cached) {
      stamp = await this.stamps.read(cached.userId);
      if (stamp !== null && stamp === cached.stamp) return cached.actor;
      ({ userId, tokenExpiresAt } = cached);
    } else {
      const verified = await this.tokens.verify(token);
      userId = verified.userId;
      tokenExpiresAt = verified.expiresAt * 1000;
      if (this.cache.ttlMs > 0) stamp = await this.stamps.read(userId);
    }
    const actor = await loadActor(em, userId);
    if (actor && stamp !== null) this.cache.set(token, { userId, stamp, actor, tokenExpiresAt }, now);
    return actor;
  }

  /** Ends every cached view of these users' entitlements: in this process at once, in the others through their stamps. */
  async changed(userIds: readonly string[]): Promise<void> {
    this.cache.forgetUsers(userIds);
    await this.stamps.bump(userIds);
  }
}

import type { Actor } from './actor.js';

export interface CachedEntitlements {
  userId: string;
  /** The user's entitlement stamp when these entitlements were read; valid only while it is still current. */
  stamp: string;
  actor: Actor;
  /** Epoch ms at which the token expires. */
  tokenExpiresAt: number;
  /** Epoch ms after which the entry is not used: its TTL, or the token's expiry if sooner. */
  expiresAt: number;
}

/**
 * Entitlements per bearer token for a short time, at most `maxTokens` tokens (the oldest entry
 * gives way). An entry proves its token was verified, for whom, and what that user was entitled
 * to under a stamp; the caller checks the stamp is still current before trusting it.
 */
export class EntitlementCache {
  private readonly entries = new Map<string, CachedEntitlements>();

  constructor(
    readonly ttlMs: number,
    readonly maxTokens: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(token: string, now: number): CachedEntitlements | null {
    const entry = this.entries.get(token);
    if (!entry) return null;
    if (entry.expiresAt > now) return entry;
    this.entries.delete(token);
    return null;
  }

  set(token: string, entry: Omit<CachedEntitlements, 'expiresAt'>, now: number): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(token);
    while (this.entries.size >= this.maxTokens) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { ...entry, expiresAt: Math.min(now + this.ttlMs, entry.tokenExpiresAt) });
  }

  /** Forgets every token of these users (their entitlements just changed in this process). */
  forgetUsers(userIds: readonly string[]): void {
    const users = new Set(userIds);
    for (const [token, entry] of this.entries) if (users.has(entry.userId)) this.entries.delete(token);
  }
}

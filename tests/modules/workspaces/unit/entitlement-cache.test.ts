import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../../src/modules/workspaces/auth/actor.js';
import { EntitlementCache } from '../../../../src/modules/workspaces/auth/entitlement-cache.js';

const actor = (userId: string): Actor => ({
  user: { id: userId, email: `${userId}@example.test`, displayName: userId, createdAt: new Date(0), updatedAt: new Date(0) },
  roles: new Map(),
  tenantGrants: new Map(),
});
const entry = (userId: string, tokenExpiresAt = Number.MAX_SAFE_INTEGER) => ({ userId, stamp: 's', actor: actor(userId), tokenExpiresAt });

describe('entitlement cache', () => {
  it('holds at most maxTokens tokens; the oldest entry gives way', () => {
    const cache = new EntitlementCache(5000, 2);
    cache.set('t1', entry('u1'), 0);
    cache.set('t2', entry('u2'), 0);
    cache.set('t3', entry('u3'), 0);
    expect(cache.size).toBe(2);
    expect(cache.get('t1', 1)).toBeNull();
    expect(cache.get('t2', 1)?.userId).toBe('u2');
    expect(cache.get('t3', 1)?.userId).toBe('u3');
  });

  it('serves an entry for its TTL, never past its token expiry', () => {
    const cache = new EntitlementCache(5000, 10);
    cache.set('long', entry('u1'), 1000);
    cache.set('expiring', entry('u2', 2000), 1000);
    expect(cache.get('long', 5999)?.userId).toBe('u1');
    expect(cache.get('long', 6000)).toBeNull();
    expect(cache.get('expiring', 1999)?.userId).toBe('u2');
    expect(cache.get('expiring', 2000)).toBeNull();
    expect(cache.size).toBe(0);
  });

  it('forgets every token of a user whose entitlements changed, and only theirs', () => {
    const cache = new EntitlementCache(5000, 10);
    cache.set('a1', entry('a'), 0);
    cache.set('a2', entry('a'), 0);
    cache.set('b1', entry('b'), 0);
    cache.forgetUsers(['a']);
    expect([cache.get('a1', 1), cache.get('a2', 1), cache.get('b1', 1)?.userId]).toEqual([null, null, 'b']);
  });

  it('caches nothing when its TTL is 0', () => {
    const cache = new EntitlementCache(0, 10);
    cache.set('t1', entry('u1'), 0);
    expect(cache.size).toBe(0);
  });
});

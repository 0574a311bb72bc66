import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/app/config.js';
import { SubscriptionLimits } from '../../../src/live/subscription-limits.js';

const limitsOf = (env: Record<string, string>) => new SubscriptionLimits(loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32), ...env }).subscriptions);
const socket = (gateway: boolean) => ({ gateway, operations: new Map<string, string>() });
const codeOf = (refusal: { extensions: { code?: unknown } } | null) => refusal?.extensions.code ?? null;

describe('subscription limits', () => {
  it('limits a direct socket to MAX_SUBSCRIPTIONS_PER_SOCKET and frees the slot of a released operation', () => {
    const limits = limitsOf({ MAX_SUBSCRIPTIONS_PER_SOCKET: '2' });
    const direct = socket(false);

    expect([limits.reserve(direct, 'u1', 'a', 'a'), limits.reserve(direct, 'u1', 'b', 'b')]).toEqual([null, null]);
    const refusal = limits.reserve(direct, 'u1', 'c', 'c');
    expect(refusal?.message).toBe('At most 2 operations may run on one socket; complete some first.');
    expect(codeOf(refusal)).toBe('SUBSCRIPTION_LIMIT');

    limits.release(direct, 'u1', 'a');
    expect(limits.reserve(direct, 'u1', 'c', 'c')).toBeNull();
    expect([...direct.operations.keys()]).toEqual(['b', 'c']);
  });

  it('does not limit a gateway socket per socket, only per user over all their sockets', () => {
    const limits = limitsOf({ MAX_SUBSCRIPTIONS_PER_SOCKET: '1', MAX_SUBSCRIPTIONS_PER_USER: '3' });
    const [gateway, direct] = [socket(true), socket(false)];

    expect(['a', 'b'].map((id) => limits.reserve(gateway, 'u1', id, id))).toEqual([null, null]);
    expect(limits.reserve(direct, 'u1', 'a', 'a')).toBeNull();
    const refusal = limits.reserve(gateway, 'u1', 'c', 'c');
    expect(refusal?.message).toBe('At most 3 subscriptions may run at once for one user, over all their connections; complete some first.');
    expect(codeOf(refusal)).toBe('SUBSCRIPTION_LIMIT');
    expect(limits.reserve(gateway, 'u2', 'c', 'c')).toBeNull();
  });

  it('releases each operation once: releasing an unknown or already released operation frees nothing', () => {
    const limits = limitsOf({ MAX_SUBSCRIPTIONS_PER_USER: '1' });
    const gateway = socket(true);
    expect(limits.reserve(gateway, 'u1', 'a', 'a')).toBeNull();

    limits.release(gateway, 'u1', 'unknown');
    expect(codeOf(limits.reserve(gateway, 'u1', 'b', 'b'))).toBe('SUBSCRIPTION_LIMIT');
    limits.release(gateway, 'u1', 'a');
    limits.release(gateway, 'u1', 'a');
    expect(limits.reserve(gateway, 'u1', 'b', 'b')).toBeNull();
    expect(codeOf(limits.reserve(socket(false), 'u1', 'c', 'c'))).toBe('SUBSCRIPTION_LIMIT');
  });

  it('counts direct sockets per token up to MAX_SOCKETS_PER_TOKEN and admits one again after a release', () => {
    const limits = limitsOf({ MAX_SOCKETS_PER_TOKEN: '2' });

    expect(['t', 't', 't', 'other'].map((token) => limits.admitDirectSocket(token))).toEqual([true, true, false, true]);
    limits.releaseDirectSocket('t');
    expect(limits.admitDirectSocket('t')).toBe(true);
  });
});

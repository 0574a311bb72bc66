import { describe, expect, it } from 'vitest';
import {
  checkClientId,
  checkClientSecret,
  checkSyncInterval,
  nextScheduledSyncAt,
  normalizeClientId,
} from '../../../../src/modules/inventory/domain/inventory-sync-rules.js';
import { validateInventorySyncTiming } from '../../../../src/modules/inventory/domain/inventory-sync-timing.js';
import { DEFAULT_POLICIES } from '../../../../src/modules/operation-runs/services/lifecycle-config.js';

describe('inventory sync rules', () => {
  it.each([null, 900, 3600, 604800])('interval %j is accepted', (seconds) => {
    expect(checkSyncInterval('intervalSeconds', seconds)).toBeNull();
  });

  it.each([0, 899, 604801, -5])('interval %j is refused, naming the field and the bounds', (seconds) => {
    expect(checkSyncInterval('intervalSeconds', seconds)).toEqual({
      field: 'intervalSeconds',
      message: expect.stringContaining('from 900 (15 minutes) to 604800 (7 days)'),
    });
  });

  it('client ids are GUIDs, compared lower-cased', () => {
    expect(checkClientId('clientId', ' 6731DE76-14A6-49AE-97BC-6EBA6914391E ')).toBeNull();
    expect(normalizeClientId(' 6731DE76-14A6-49AE-97BC-6EBA6914391E ')).toBe('6731de76-14a6-49ae-97bc-6eba6914391e');
    expect(checkClientId('clientId', 'my-app')).toEqual({ field: 'clientId', message: expect.stringContaining('a GUID') });
  });

  it.each([
    ['', 'must not be empty'],
    ['x'.repeat(1025), 'at most 1024 characters'],
    ['line\nbreak', 'without control characters'],
    ['half \ud800 pair', 'without control characters'],
  ])('client secret %j is refused (%s)', (secret, message) => {
    expect(checkClientSecret('clientSecret', secret)?.message).toContain(message);
  });

  it('a client secret is taken as is, spaces included', () => {
    expect(checkClientSecret('clientSecret', ' Abc8Q~x ')).toBeNull();
  });

  it('the next scheduled sync is one interval after the latest sync run, now when there was none, never without an interval', () => {
    const now = new Date('2026-11-27T12:00:00Z');
    expect(nextScheduledSyncAt(3600, new Date('2026-11-27T11:30:00Z'), now)).toEqual(new Date('2026-11-27T12:30:00Z'));
    expect(nextScheduledSyncAt(3600, null, now)).toEqual(now);
    expect(nextScheduledSyncAt(null, null, now)).toBeNull();
  });

  it('the backoff budget must fit inside the sync job timeout', () => {
    const policy = DEFAULT_POLICIES.find((candidate) => candidate.type === 'inventory_sync')!;
    expect(validateInventorySyncTiming(policy, policy.jobTimeoutSeconds - 1)).toEqual([]);
    expect(validateInventorySyncTiming(policy, policy.jobTimeoutSeconds)).toEqual([
      {
        type: 'inventory_sync',
        message: expect.stringContaining(`backoff budget ${policy.jobTimeoutSeconds}s (INVENTORY_SYNC_MAX_BACKOFF_SECONDS) must be below the job timeout`),
      },
    ]);
    expect(validateInventorySyncTiming(null, 10_000)).toEqual([]);
  });
});

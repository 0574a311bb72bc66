import { describe, expect, it } from 'vitest';
import { eventFollowers, followsNothing } from '../../../src/outbox/sources.js';
import type { StoredEvent } from '../../../src/outbox/reader.js';

const event = (workspaceId: string, recipientId: string | null): StoredEvent => ({
  position: { txId: 1n, id: 1n },
  id: '1',
  kind: recipientId ? 'NOTIFICATION' : 'QUEUED',
  runId: 'run',
  workspaceId,
  tenantId: null,
  snapshotId: null,
  profileId: null,
  recipientId,
  payload: {},
  createdAt: new Date(0),
});

const readers = (byKey: Record<string, string[]>) => (key: string | null) => new Set(key === null ? [] : (byKey[key] ?? []));
const followers = (event: StoredEvent, byWorkspace: Record<string, string[]>, byRecipient: Record<string, string[]>) =>
  [...eventFollowers(event, readers(byWorkspace), readers(byRecipient))].sort();

describe('event sources', () => {
  it('an event goes to every reader of its workspace, notifications included', () => {
    const byWorkspace = { w1: ['a', 'b'], w2: ['c'] };
    expect(followers(event('w1', null), byWorkspace, {})).toEqual(['a', 'b']);
    expect(followers(event('w1', 'u1'), byWorkspace, {})).toEqual(['a', 'b']);
    expect(followers(event('w3', null), byWorkspace, {})).toEqual([]);
  });

  it('an event addressed to a recipient also goes to the readers of that recipient, in any workspace, each reader once', () => {
    const byRecipient = { u1: ['n1', 'both'] };
    expect(followers(event('w9', 'u1'), {}, byRecipient)).toEqual(['both', 'n1']);
    expect(followers(event('w1', 'u1'), { w1: ['a', 'both'] }, byRecipient)).toEqual(['a', 'both', 'n1']);
    expect(followers(event('w1', 'u2'), {}, byRecipient)).toEqual([]);
    expect(followers(event('w1', null), {}, byRecipient)).toEqual([]);
  });

  it('sources with no workspace and no recipient follow nothing', () => {
    expect(followsNothing({ workspaceIds: [], recipientIds: [] })).toBe(true);
    expect(followsNothing({ workspaceIds: [], recipientIds: ['u1'] })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { followsEvent, followsNothing } from '../../src/subscriptions/event-sources.js';
import type { StoredEvent } from '../../src/subscriptions/event-store.js';

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

describe('event sources', () => {
  it('a reader of a workspace follows every event written in it, notifications included', () => {
    const sources = { workspaceIds: ['w1'], recipientIds: [] };
    expect(followsEvent(sources, event('w1', null))).toBe(true);
    expect(followsEvent(sources, event('w1', 'u1'))).toBe(true);
    expect(followsEvent(sources, event('w2', null))).toBe(false);
  });

  it('a reader of a recipient follows the events addressed to them in any workspace, and nothing else', () => {
    const sources = { workspaceIds: [], recipientIds: ['u1'] };
    expect(followsEvent(sources, event('w1', 'u1'))).toBe(true);
    expect(followsEvent(sources, event('w9', 'u1'))).toBe(true);
    expect(followsEvent(sources, event('w1', 'u2'))).toBe(false);
    expect(followsEvent(sources, event('w1', null))).toBe(false);
  });

  it('sources with no workspace and no recipient follow nothing', () => {
    expect(followsNothing({ workspaceIds: [], recipientIds: [] })).toBe(true);
    expect(followsNothing({ workspaceIds: [], recipientIds: ['u1'] })).toBe(false);
  });
});

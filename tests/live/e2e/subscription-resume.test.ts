import { describe, expect, it } from 'vitest';
import { RUN_EVENT_KINDS } from '../../../src/outbox/kinds.js';
import { outboxRows, type OutboxRow } from '../../support/outbox-rows.js';
import { connectSubscriber, type SubscriptionFeed } from '../../support/subscription-client.js';
import { MY_NOTIFICATIONS, RUN_EVENTS, SNAPSHOT_EVENTS, type RunEventShape } from '../../support/subscription-documents.js';
import { waitForListeners } from '../../support/subscription-ready.js';
import { createUnqueuedRun } from '../../support/test-runs.js';
import { waitFor } from '../../support/wait-for.js';
import { useLiveSuite } from '../../support/live-suite.js';

/** More than one history page (500), so the catch-up pages through the outbox. */
const MISSED = 520;

describe('a subscriber that disconnects and resumes with its last cursor receives exactly the events it missed, in order, and then live ones', () => {
  const live = useLiveSuite();

  const causeEvents = async (count: number, parallel = 8) => {
    for (let done = 0; done < count; done += parallel) {
      const batch = Math.min(parallel, count - done);
      await Promise.all(
        Array.from({ length: batch }, () => createUnqueuedRun(live.app, { workspaceId: live.world.workspaceA, tenantId: live.world.tenantA1 })),
      );
    }
  };
  const subscribe = async (after?: string) => {
    const socket = await connectSubscriber(live.app.url, live.token);
    live.sockets.push(socket);
    return { socket, feed: socket.subscribe<RunEventShape>(RUN_EVENTS, { workspaceId: live.world.workspaceA, after }) };
  };
  const rowsAfter = async (cursor: string): Promise<OutboxRow[]> => {
    const rows = await outboxRows(live.app, live.world.workspaceA, RUN_EVENT_KINDS);
    const index = rows.findIndex((row) => row.cursor === cursor);
    expect(index).toBeGreaterThanOrEqual(0);
    return rows.slice(index + 1);
  };
  /** The feed holds exactly the expected rows before a marker run written after them (a duplicate would arrive before it). */
  const expectExactly = async (feed: SubscriptionFeed<RunEventShape>, rows: OutboxRow[]) => {
    const marker = await createUnqueuedRun(live.app, { workspaceId: live.world.workspaceA, tenantId: live.world.tenantA1 });
    const before = await feed.eventsBefore((event) => event.run.id === marker.id, 150_000);
    expect(before.map((event) => event.cursor)).toEqual(rows.map((row) => row.cursor));
  };

  it('replays the missed events (across history pages) from the outbox, then continues live', async () => {
    const first = await subscribe();
    await waitForListeners(live.app, 1);
    await causeEvents(3);
    const seen = await first.feed.waitForEvents(3);
    const lastCursor = seen.at(-1)!.cursor;
    await first.socket.close();
    await waitFor(async () => live.app.http.hub.listenerCount === 0, 10_000, 25, 'the first subscription to end');

    await causeEvents(MISSED);
    const missed = await rowsAfter(lastCursor);
    expect(missed).toHaveLength(MISSED);

    const resumed = await subscribe(lastCursor);
    await expectExactly(resumed.feed, missed);
    await causeEvents(2);
    await expectExactly(resumed.feed, await rowsAfter(lastCursor));
    expect(resumed.feed.events.at(-1)!.kind).toBe('QUEUED');
    await resumed.socket.close();
  }, 180_000);

  it('delivers each event once across the switch from catch-up to live while events keep arriving', async () => {
    for (let round = 0; round < 4; round++) {
      await causeEvents(1);
      const rows = await outboxRows(live.app, live.world.workspaceA, RUN_EVENT_KINDS);
      const cursor = rows.at(-1)!.cursor;
      await causeEvents(40);
      const producing = causeEvents(40, 2);
      const resumed = await subscribe(cursor);
      await producing;
      await expectExactly(resumed.feed, await rowsAfter(cursor));
      await resumed.socket.close();
    }
  }, 180_000);

  it('rejects a cursor that is not an event cursor with BAD_USER_INPUT', async () => {
    const socket = await connectSubscriber(live.app.url, live.token);
    live.sockets.push(socket);
    const feeds = [
      socket.subscribe(RUN_EVENTS, { workspaceId: live.world.workspaceA, after: 'not-a-cursor' }),
      socket.subscribe(SNAPSHOT_EVENTS, { workspaceId: live.world.workspaceA, after: Buffer.from('runs:1').toString('base64url') }),
      socket.subscribe(MY_NOTIFICATIONS, { after: 'bm9wZQ' }),
    ];
    for (const feed of feeds) {
      const [error] = await feed.waitForErrors();
      expect(error!.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error!.message).toMatch(/not a valid event cursor/);
      expect(feed.events).toEqual([]);
    }
    expect(socket.closedWith).toBeNull();
  });
});

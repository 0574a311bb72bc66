import { describe, expect, it } from 'vitest';
import { SNAPSHOT_EVENT_KINDS } from '../../src/domain/event-kinds.js';
import { captureAndWait } from '../support/baseline-operations.js';
import { policies, replaceInventory } from '../support/baseline-fixture.js';
import { notificationRows, outboxRows } from '../support/outbox-rows.js';
import { connectSubscriber, type SubscriptionFeed } from '../support/subscription-client.js';
import { MY_NOTIFICATIONS, SNAPSHOT_EVENTS, type NotificationEventShape, type SnapshotEventShape } from '../support/subscription-documents.js';
import { waitForListeners } from '../support/subscription-ready.js';
import { launchTestRun, waitForCompletedRun } from '../support/test-runs.js';
import { useLiveSuite } from '../support/live-suite.js';

const SNAPSHOT_KIND_NAMES: Record<string, string> = {
  SNAPSHOT_BUILDING: 'BUILDING',
  SNAPSHOT_COMPLETE: 'COMPLETE',
  SNAPSHOT_INCOMPLETE: 'INCOMPLETE',
  EFFECTIVE_SNAPSHOT_CHANGED: 'EFFECTIVE_SNAPSHOT_CHANGED',
};
const NOTIFICATIONS = `query { notifications(first: 50) { edges { node { id readAt } } } }`;
const MARK_READ = `mutation ($ids: [ID!]!) { markNotificationsRead(ids: $ids) { id } }`;
const LINGER_MS = 500;

describe('baseline snapshot events and notifications reach only the subscribers entitled to them', () => {
  const live = useLiveSuite({ worker: true });

  const subscribeLive = async <T>(userId: string, query: string, variables: Record<string, unknown> = {}) => {
    const registered = live.app.http.hub.listenerCount;
    const socket = await connectSubscriber(live.app.url, await live.app.token(userId));
    live.sockets.push(socket);
    const feed = socket.subscribe<T>(query, variables);
    await waitForListeners(live.app, registered + 1);
    return feed;
  };
  const linger = () => new Promise((resolve) => setTimeout(resolve, LINGER_MS));


  it('sends snapshot events of a workspace only to its members, and their capture run only to those entitled to its tenant', async () => {
    const ownerA = await subscribeLive<SnapshotEventShape>(live.world.users.ownerA, SNAPSHOT_EVENTS, { workspaceId: live.world.workspaceA });
    const readonlyA = await subscribeLive<SnapshotEventShape>(live.world.users.readonlyA, SNAPSHOT_EVENTS, { workspaceId: live.world.workspaceA });
    const ownerB = await subscribeLive<SnapshotEventShape>(live.world.users.ownerB, SNAPSHOT_EVENTS, { workspaceId: live.world.workspaceB });
    const tokenA = await live.app.token(live.world.users.ownerA);
    const tokenB = await live.app.token(live.world.users.ownerB);
    await replaceInventory(live.app, tokenA, live.world.tenantA2, policies(3, 'a'));
    await replaceInventory(live.app, tokenB, live.world.tenantB1, policies(2, 'b'));

    const [runA, runB] = await Promise.all([
      captureAndWait(live.app, tokenA, live.world.profileA, live.world.tenantA2),
      captureAndWait(live.app, tokenB, live.world.profileB, live.world.tenantB1),
    ]);
    expect([runA.outcome, runB.outcome]).toEqual(['succeeded', 'succeeded']);

    const rowsA = await outboxRows(live.app, live.world.workspaceA, SNAPSHOT_EVENT_KINDS);
    const rowsB = await outboxRows(live.app, live.world.workspaceB, SNAPSHOT_EVENT_KINDS);
    expect(rowsA.length).toBeGreaterThan(0);
    expect(rowsB.length).toBeGreaterThan(0);
    await Promise.all([ownerA.waitForEvents(rowsA.length), readonlyA.waitForEvents(rowsA.length), ownerB.waitForEvents(rowsB.length)]);
    await linger();

    const summary = (events: SnapshotEventShape[]) => events.map((event) => [event.cursor, event.kind, event.snapshot.workspace.id, event.run?.id ?? null]);
    expect(summary(ownerA.events)).toEqual(rowsA.map((row) => [row.cursor, SNAPSHOT_KIND_NAMES[row.kind], live.world.workspaceA, runA.id]));
    expect(summary(readonlyA.events)).toEqual(rowsA.map((row) => [row.cursor, SNAPSHOT_KIND_NAMES[row.kind], live.world.workspaceA, null]));
    expect(summary(ownerB.events)).toEqual(rowsB.map((row) => [row.cursor, SNAPSHOT_KIND_NAMES[row.kind], live.world.workspaceB, runB.id]));
  });

  it('sends each notification only to its recipient, live and on resume', async () => {
    const { users } = live.world;
    const recipients = [users.ownerA, users.managerA, users.operatorA, users.ownerB, users.outsider];
    const feeds = new Map<string, SubscriptionFeed<NotificationEventShape>>();
    const earlier = new Map<string, number>();
    for (const userId of recipients) {
      feeds.set(userId, await subscribeLive<NotificationEventShape>(userId, MY_NOTIFICATIONS));
      earlier.set(userId, (await notificationRows(live.app, userId)).length);
    }

    const launched = await Promise.all([
      launchTestRun(live.app, { workspaceId: live.world.workspaceA, tenantId: live.world.tenantA2, initiatorId: users.ownerA }),
      launchTestRun(live.app, { workspaceId: live.world.workspaceA, tenantId: live.world.tenantA1, initiatorId: users.managerA }),
      launchTestRun(live.app, { workspaceId: live.world.workspaceA, tenantId: live.world.tenantA1, initiatorId: users.operatorA }),
      launchTestRun(live.app, { workspaceId: live.world.workspaceB, tenantId: live.world.tenantB1, initiatorId: users.ownerB }),
      launchTestRun(live.app, { workspaceId: live.world.workspaceA, tenantId: live.world.tenantA2, initiatorId: users.ownerA }, { mode: 'fail' }),
    ]);
    await Promise.all(launched.map((run) => waitForCompletedRun(live.app, run.id)));

    const expected = new Map<string, { cursor: string; notificationId: string }[]>();
    for (const userId of recipients) {
      const rows = (await notificationRows(live.app, userId)).slice(earlier.get(userId));
      expected.set(userId, rows);
      await feeds.get(userId)!.waitForEvents(rows.length);
    }
    await linger();
    expect(expected.get(users.ownerA)!.length).toBe(2);
    expect(expected.get(users.outsider)).toEqual([]);
    for (const userId of recipients) {
      const received = feeds.get(userId)!.events.map((event) => [event.cursor, event.notification.id]);
      expect(received).toEqual(expected.get(userId)!.map((row) => [row.cursor, row.notificationId]));
    }

    const [firstQueued] = (await outboxRows(live.app, live.world.workspaceA, ['QUEUED'])).filter((row) => launched.some((run) => run.id === row.runId));
    const resumed = await subscribeLive<NotificationEventShape>(users.managerA, MY_NOTIFICATIONS, { after: firstQueued!.cursor });
    const outsiderResumed = await subscribeLive<NotificationEventShape>(users.outsider, MY_NOTIFICATIONS, { after: firstQueued!.cursor });
    await resumed.waitForEvents(expected.get(users.managerA)!.length);
    await linger();
    expect(resumed.events.map((event) => [event.cursor, event.notification.id])).toEqual(expected.get(users.managerA)!.map((row) => [row.cursor, row.notificationId]));
    expect(outsiderResumed.events).toEqual([]);
    expect([resumed.errors, outsiderResumed.errors]).toEqual([[], []]);
  });

  it('lists and marks read only the caller’s own notifications', async () => {
    const ownerAToken = await live.app.token(live.world.users.ownerA);
    const ownerBToken = await live.app.token(live.world.users.ownerB);
    const ownersNotifications = await live.app.gql(NOTIFICATIONS, {}, ownerAToken);
    const ids = ownersNotifications.data.notifications.edges.map((edge: { node: { id: string } }) => edge.node.id) as string[];
    expect(ids.length).toBeGreaterThan(0);

    const foreign = await live.app.gql(MARK_READ, { ids }, ownerBToken);
    expect(foreign.data.markNotificationsRead).toEqual([]);
    const othersView = await live.app.gql(NOTIFICATIONS, {}, ownerBToken);
    expect(othersView.data.notifications.edges.map((edge: { node: { id: string } }) => edge.node.id).filter((id: string) => ids.includes(id))).toEqual([]);
    const after = await live.app.gql(NOTIFICATIONS, {}, ownerAToken);
    expect(after.data.notifications.edges.every((edge: { node: { readAt: string | null } }) => edge.node.readAt === null)).toBe(true);

    const own = await live.app.gql(MARK_READ, { ids }, ownerAToken);
    expect(own.data.markNotificationsRead.map((notification: { id: string }) => notification.id).sort()).toEqual([...ids].sort());
  });
});

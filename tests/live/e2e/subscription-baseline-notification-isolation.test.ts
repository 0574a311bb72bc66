import { describe, expect, it } from 'vitest';
import { SNAPSHOT_EVENT_KINDS } from '../../../src/outbox/kinds.js';
import { captureAndWait, capturedSnapshotId } from '../../support/baseline-operations.js';
import { policies, replaceInventory } from '../../support/baseline-fixture.js';
import { notificationRows, outboxRows } from '../../support/outbox-rows.js';
import { connectSubscriber, type SubscriptionFeed } from '../../support/subscription-client.js';
import { MY_NOTIFICATIONS, SNAPSHOT_EVENTS, type NotificationEventShape, type SnapshotEventShape } from '../../support/subscription-documents.js';
import { waitForListeners } from '../../support/subscription-ready.js';
import { launchTestRun, waitForCompletedRun } from '../../support/test-runs.js';
import { useLiveSuite } from '../../support/live-suite.js';

const SNAPSHOT_KIND_NAMES: Record<string, string> = {
  SNAPSHOT_BUILDING: 'BUILDING',
  SNAPSHOT_COMPLETE: 'COMPLETE',
  SNAPSHOT_INCOMPLETE: 'INCOMPLETE',
  EFFECTIVE_SNAPSHOT_CHANGED: 'EFFECTIVE_SNAPSHOT_CHANGED',
};
const NOTIFICATIONS = `query { notifications(first: 50) { edges { node { id readAt } } } }`;
const MARK_READ = `mutation ($ids: [ID!]!) { markNotificationsRead(ids: $ids) { id } }`;
const ADD_MEMBER = `mutation($input: AddWorkspaceMemberInput!) { addWorkspaceMember(input: $input) { role } }`;
const REMOVE_MEMBER = `mutation($input: RemoveWorkspaceMemberInput!) { removeWorkspaceMember(input: $input) { removedUserId } }`;

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
  /** A run that ends with a notification to `userId`, written after the events under test; it marks where they end. */
  const notificationMarker = async (userId: string, workspaceId: string): Promise<string> => {
    const run = await launchTestRun(live.app, { workspaceId, tenantId: null, initiatorId: userId });
    await waitForCompletedRun(live.app, run.id);
    return run.id;
  };
  /** Makes the outsider a member of `workspaceId` while `work` runs (so a marker notification reaches them), then not again. */
  const asMemberOf = async <T>(workspaceId: string, work: () => Promise<T>): Promise<T> => {
    const { users } = live.world;
    const owner = await live.app.token(workspaceId === live.world.workspaceA ? users.ownerA : users.ownerB);
    const email = (await live.app.em().execute<{ email: string }[]>('select email from users where id = ?', [users.outsider]))[0]!.email;
    expect((await live.app.gql(ADD_MEMBER, { input: { workspaceId, email, role: 'MANAGER' } }, owner)).errors).toBeUndefined();
    try {
      return await work();
    } finally {
      expect((await live.app.gql(REMOVE_MEMBER, { input: { workspaceId, userId: users.outsider } }, owner)).errors).toBeUndefined();
    }
  };

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
    // Markers: a capture of each workspace written after the events under test.
    await replaceInventory(live.app, tokenA, live.world.tenantA2, policies(4, 'a'));
    await replaceInventory(live.app, tokenB, live.world.tenantB1, policies(3, 'b'));
    const markers = new Set(
      (
        await Promise.all([
          captureAndWait(live.app, tokenA, live.world.profileA, live.world.tenantA2),
          captureAndWait(live.app, tokenB, live.world.profileB, live.world.tenantB1),
        ])
      ).map(capturedSnapshotId),
    );
    const beforeMarker = (feed: SubscriptionFeed<SnapshotEventShape>) => feed.eventsBefore((event) => markers.has(event.snapshot.id));

    const summary = (events: SnapshotEventShape[]) => events.map((event) => [event.cursor, event.kind, event.snapshot.workspace.id, event.run?.id ?? null]);
    expect(summary(await beforeMarker(ownerA))).toEqual(rowsA.map((row) => [row.cursor, SNAPSHOT_KIND_NAMES[row.kind], live.world.workspaceA, runA.id]));
    expect(summary(await beforeMarker(readonlyA))).toEqual(rowsA.map((row) => [row.cursor, SNAPSHOT_KIND_NAMES[row.kind], live.world.workspaceA, null]));
    expect(summary(await beforeMarker(ownerB))).toEqual(rowsB.map((row) => [row.cursor, SNAPSHOT_KIND_NAMES[row.kind], live.world.workspaceB, runB.id]));
  }, 180_000);

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
    for (const userId of recipients) expected.set(userId, (await notificationRows(live.app, userId)).slice(earlier.get(userId)));
    expect(expected.get(users.ownerA)!.length).toBe(2);
    expect(expected.get(users.outsider)).toEqual([]);
    // Markers: one more notification for each recipient (the outsider briefly joins workspace B for it).
    const markers = new Map<string, string>();
    const beforeMarker = (feed: SubscriptionFeed<NotificationEventShape>, userId: string) =>
      feed.eventsBefore((event) => event.notification.run?.id === markers.get(userId));
    const received = new Map<string, NotificationEventShape[]>();
    for (const userId of recipients.filter((userId) => userId !== users.outsider)) {
      markers.set(userId, await notificationMarker(userId, userId === users.ownerB ? live.world.workspaceB : live.world.workspaceA));
      received.set(userId, await beforeMarker(feeds.get(userId)!, userId));
    }
    await asMemberOf(live.world.workspaceB, async () => {
      markers.set(users.outsider, await notificationMarker(users.outsider, live.world.workspaceB));
      received.set(users.outsider, await beforeMarker(feeds.get(users.outsider)!, users.outsider));
    });
    for (const userId of recipients) {
      expect(received.get(userId)!.map((event) => [event.cursor, event.notification.id])).toEqual(
        expected.get(userId)!.map((row) => [row.cursor, row.notificationId]),
      );
    }

    const [firstQueued] = (await outboxRows(live.app, live.world.workspaceA, ['QUEUED'])).filter((row) => launched.some((run) => run.id === row.runId));
    const resumed = await subscribeLive<NotificationEventShape>(users.managerA, MY_NOTIFICATIONS, { after: firstQueued!.cursor });
    const outsiderResumed = await subscribeLive<NotificationEventShape>(users.outsider, MY_NOTIFICATIONS, { after: firstQueued!.cursor });
    expect((await beforeMarker(resumed, users.managerA)).map((event) => [event.cursor, event.notification.id])).toEqual(
      expected.get(users.managerA)!.map((row) => [row.cursor, row.notificationId]),
    );
    // The outsider's replay judges their membership as it is now (none); a marker from a workspace
    // they join only now follows it.
    const outsiderReplayed = await asMemberOf(live.world.workspaceA, async () => {
      const marker = await notificationMarker(users.outsider, live.world.workspaceA);
      return outsiderResumed.eventsBefore((event) => event.notification.run?.id === marker);
    });
    expect(outsiderReplayed).toEqual([]);
    expect([resumed.errors, outsiderResumed.errors]).toEqual([[], []]);
  }, 180_000);

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

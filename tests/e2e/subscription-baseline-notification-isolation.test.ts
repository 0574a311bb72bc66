import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_EVENT_KINDS } from '../../src/domain/event-kinds.js';
import { buildRegistry } from '../../src/jobs/handlers/index.js';
import { startWorker, type Worker } from '../../src/jobs/worker.js';
import { captureAndWait } from '../support/baseline-operations.js';
import { policies, replaceInventory } from '../support/baseline-fixture.js';
import { notificationRows, outboxRows } from '../support/outbox-rows.js';
import { connectSubscriber, type SubscriptionFeed, type SubscriptionSocket } from '../support/subscription-client.js';
import { MY_NOTIFICATIONS, SNAPSHOT_EVENTS, type NotificationEventShape, type SnapshotEventShape } from '../support/subscription-documents.js';
import { waitForListeners } from '../support/subscription-ready.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { launchTestRun, waitForCompletedRun } from '../support/test-runs.js';
import { createWorld, type World } from '../support/world.js';

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
  let app: TestApp;
  let world: World;
  let worker: Worker;
  const sockets: SubscriptionSocket[] = [];

  const subscribeLive = async <T>(userId: string, query: string, variables: Record<string, unknown> = {}) => {
    const registered = app.http.hub.listenerCount;
    const socket = await connectSubscriber(app.url, await app.token(userId));
    sockets.push(socket);
    const feed = socket.subscribe<T>(query, variables);
    await waitForListeners(app, registered + 1);
    return feed;
  };
  const linger = () => new Promise((resolve) => setTimeout(resolve, LINGER_MS));

  beforeAll(async () => {
    app = await startTestApp({ TENANTGRAPH_TEST_OPERATIONS: '1' });
    world = await createWorld(app.em());
    worker = await startWorker(app.runtime, buildRegistry(app.config));
  });
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await worker.close();
    await app.close();
  });

  it('sends snapshot events of a workspace only to its members, and their capture run only to those entitled to its tenant', async () => {
    const ownerA = await subscribeLive<SnapshotEventShape>(world.users.ownerA, SNAPSHOT_EVENTS, { workspaceId: world.workspaceA });
    const readonlyA = await subscribeLive<SnapshotEventShape>(world.users.readonlyA, SNAPSHOT_EVENTS, { workspaceId: world.workspaceA });
    const ownerB = await subscribeLive<SnapshotEventShape>(world.users.ownerB, SNAPSHOT_EVENTS, { workspaceId: world.workspaceB });
    const tokenA = await app.token(world.users.ownerA);
    const tokenB = await app.token(world.users.ownerB);
    await replaceInventory(app, tokenA, world.tenantA2, policies(3, 'a'));
    await replaceInventory(app, tokenB, world.tenantB1, policies(2, 'b'));

    const [runA, runB] = await Promise.all([
      captureAndWait(app, tokenA, world.profileA, world.tenantA2),
      captureAndWait(app, tokenB, world.profileB, world.tenantB1),
    ]);
    expect([runA.outcome, runB.outcome]).toEqual(['succeeded', 'succeeded']);

    const rowsA = await outboxRows(app, world.workspaceA, SNAPSHOT_EVENT_KINDS);
    const rowsB = await outboxRows(app, world.workspaceB, SNAPSHOT_EVENT_KINDS);
    expect(rowsA.length).toBeGreaterThan(0);
    expect(rowsB.length).toBeGreaterThan(0);
    await Promise.all([ownerA.waitForEvents(rowsA.length), readonlyA.waitForEvents(rowsA.length), ownerB.waitForEvents(rowsB.length)]);
    await linger();

    const summary = (events: SnapshotEventShape[]) => events.map((event) => [event.cursor, event.kind, event.snapshot.workspace.id, event.run?.id ?? null]);
    expect(summary(ownerA.events)).toEqual(rowsA.map((row) => [row.cursor, SNAPSHOT_KIND_NAMES[row.kind], world.workspaceA, runA.id]));
    expect(summary(readonlyA.events)).toEqual(rowsA.map((row) => [row.cursor, SNAPSHOT_KIND_NAMES[row.kind], world.workspaceA, null]));
    expect(summary(ownerB.events)).toEqual(rowsB.map((row) => [row.cursor, SNAPSHOT_KIND_NAMES[row.kind], world.workspaceB, runB.id]));
  });

  it('sends each notification only to its recipient, live and on resume', async () => {
    const { users } = world;
    const recipients = [users.ownerA, users.managerA, users.operatorA, users.ownerB, users.outsider];
    const feeds = new Map<string, SubscriptionFeed<NotificationEventShape>>();
    const earlier = new Map<string, number>();
    for (const userId of recipients) {
      feeds.set(userId, await subscribeLive<NotificationEventShape>(userId, MY_NOTIFICATIONS));
      earlier.set(userId, (await notificationRows(app, userId)).length);
    }

    const launched = await Promise.all([
      launchTestRun(app, { workspaceId: world.workspaceA, tenantId: world.tenantA2, initiatorId: users.ownerA }),
      launchTestRun(app, { workspaceId: world.workspaceA, tenantId: world.tenantA1, initiatorId: users.managerA }),
      launchTestRun(app, { workspaceId: world.workspaceA, tenantId: world.tenantA1, initiatorId: users.operatorA }),
      launchTestRun(app, { workspaceId: world.workspaceB, tenantId: world.tenantB1, initiatorId: users.ownerB }),
      launchTestRun(app, { workspaceId: world.workspaceA, tenantId: world.tenantA2, initiatorId: users.ownerA }, { mode: 'fail' }),
    ]);
    await Promise.all(launched.map((run) => waitForCompletedRun(app, run.id)));

    const expected = new Map<string, { cursor: string; notificationId: string }[]>();
    for (const userId of recipients) {
      const rows = (await notificationRows(app, userId)).slice(earlier.get(userId));
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

    const [firstQueued] = (await outboxRows(app, world.workspaceA, ['QUEUED'])).filter((row) => launched.some((run) => run.id === row.runId));
    const resumed = await subscribeLive<NotificationEventShape>(users.managerA, MY_NOTIFICATIONS, { after: firstQueued!.cursor });
    const outsiderResumed = await subscribeLive<NotificationEventShape>(users.outsider, MY_NOTIFICATIONS, { after: firstQueued!.cursor });
    await resumed.waitForEvents(expected.get(users.managerA)!.length);
    await linger();
    expect(resumed.events.map((event) => [event.cursor, event.notification.id])).toEqual(expected.get(users.managerA)!.map((row) => [row.cursor, row.notificationId]));
    expect(outsiderResumed.events).toEqual([]);
    expect([resumed.errors, outsiderResumed.errors]).toEqual([[], []]);
  });

  it('lists and marks read only the caller’s own notifications', async () => {
    const ownerAToken = await app.token(world.users.ownerA);
    const ownerBToken = await app.token(world.users.ownerB);
    const ownersNotifications = await app.gql(NOTIFICATIONS, {}, ownerAToken);
    const ids = ownersNotifications.data.notifications.edges.map((edge: { node: { id: string } }) => edge.node.id) as string[];
    expect(ids.length).toBeGreaterThan(0);

    const foreign = await app.gql(MARK_READ, { ids }, ownerBToken);
    expect(foreign.data.markNotificationsRead).toEqual([]);
    const othersView = await app.gql(NOTIFICATIONS, {}, ownerBToken);
    expect(othersView.data.notifications.edges.map((edge: { node: { id: string } }) => edge.node.id).filter((id: string) => ids.includes(id))).toEqual([]);
    const after = await app.gql(NOTIFICATIONS, {}, ownerAToken);
    expect(after.data.notifications.edges.every((edge: { node: { readAt: string | null } }) => edge.node.readAt === null)).toBe(true);

    const own = await app.gql(MARK_READ, { ids }, ownerAToken);
    expect(own.data.markNotificationsRead.map((notification: { id: string }) => notification.id).sort()).toEqual([...ids].sort());
  });
});

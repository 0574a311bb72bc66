import { describe, expect, it } from 'vitest';
import { RUN_EVENT_KINDS, SNAPSHOT_EVENT_KINDS } from '../../../src/outbox/kinds.js';
import { decodeEventCursor, isAfter } from '../../../src/outbox/position.js';
import { captureAndWait } from '../../support/baseline-operations.js';
import { policies, replaceInventory } from '../../support/baseline-fixture.js';
import { notificationRows, outboxRows } from '../../support/outbox-rows.js';
import { connectSubscriber } from '../../support/subscription-client.js';
import {
  MY_NOTIFICATIONS,
  RUN_EVENTS,
  SNAPSHOT_EVENTS,
  type NotificationEventShape,
  type RunEventShape,
  type SnapshotEventShape,
} from '../../support/subscription-documents.js';
import { createUnqueuedRun, launchTestRun, waitForCompletedRun } from '../../support/test-runs.js';
import { useLiveSuite } from '../../support/live-suite.js';

const LIST_WITH_CURSOR = `query($workspaceId: ID!) { operationRuns(workspaceId: $workspaceId, first: 50) { eventCursor edges { node { id } } } }`;

describe('a list read hands out an event cursor so a subscriber that starts from it misses no transition between the read and the subscription', () => {
  const live = useLiveSuite();

  const readList = async () => {
    const result = await live.gql(LIST_WITH_CURSOR, { workspaceId: live.world.workspaceA });
    expect(result.errors).toBeUndefined();
    return result.data.operationRuns as { eventCursor: string; edges: { node: { id: string } }[] };
  };

  it('subscribing after the list cursor delivers exactly the transitions that happened after the list was read', async () => {
    const before = await createUnqueuedRun(live.app, { workspaceId: live.world.workspaceA, tenantId: live.world.tenantA1 });
    const list = await readList();
    expect(list.edges.map((edge) => edge.node.id)).toContain(before.id);
    expect(list.eventCursor).not.toBe('');

    const later: { id: string }[] = [];
    for (let i = 0; i < 3; i++) later.push(await createUnqueuedRun(live.app, { workspaceId: live.world.workspaceA, tenantId: live.world.tenantA1 }));

    const socket = await connectSubscriber(live.app.url, live.token);
    live.sockets.push(socket);
    const feed = socket.subscribe<RunEventShape>(RUN_EVENTS, { workspaceId: live.world.workspaceA, after: list.eventCursor });
    const marker = await createUnqueuedRun(live.app, { workspaceId: live.world.workspaceA, tenantId: live.world.tenantA1 });
    const events = await feed.eventsBefore((event) => event.run.id === marker.id);

    // Every transition after the list read arrives. The cursor may sit before events the list
    // already reflects (a transaction anywhere on the cluster can hold it back): those arrive too,
    // and exactly the outbox's events after the cursor arrive, once and in order.
    const received = events.map((event) => event.run.id);
    expect(received.slice(-later.length)).toEqual(later.map((run) => run.id));
    expect(received.slice(0, -later.length).every((id) => id === before.id)).toBe(true);
    const position = decodeEventCursor(list.eventCursor)!;
    const rows = await outboxRows(live.app, live.world.workspaceA, RUN_EVENT_KINDS);
    const afterCursor = rows.filter((row) => isAfter(decodeEventCursor(row.cursor)!, position) && row.runId !== marker.id);
    expect(events.map((event) => event.cursor)).toEqual(afterCursor.map((row) => row.cursor));
  });

  it('the cursor of a list with nothing new after it yields no replayed events', async () => {
    const list = await readList();
    const socket = await connectSubscriber(live.app.url, live.token);
    live.sockets.push(socket);
    const feed = socket.subscribe<RunEventShape>(RUN_EVENTS, { workspaceId: live.world.workspaceA, after: list.eventCursor });
    const next = await createUnqueuedRun(live.app, { workspaceId: live.world.workspaceA, tenantId: live.world.tenantA1 });
    expect(await feed.eventsBefore((event) => event.run.id === next.id)).toEqual([]);
  });
});

describe('the event cursor of a run list is a position in the one event order every subscription shares', () => {
  const live = useLiveSuite({ worker: true });

  it('starts myNotifications and baselineSnapshotEvents too: each delivers every event after the cursor, once and in order, so nothing after the list read is missed', async () => {
    const { world } = live;
    const token = await live.app.token(world.users.ownerA);
    const earlier = await launchTestRun(live.app, { workspaceId: world.workspaceA, tenantId: world.tenantA1, initiatorId: world.users.ownerA });
    await waitForCompletedRun(live.app, earlier.id);
    const list = await live.app.gql(LIST_WITH_CURSOR, { workspaceId: world.workspaceA }, token);
    const after: string = list.data.operationRuns.eventCursor;
    // The cursor may sit before events the list already reflects (a transaction anywhere on the cluster
    // can hold it back); it never sits after one the list may miss.
    const position = decodeEventCursor(after)!;
    const isAfterList = (row: { cursor: string }) => isAfter(decodeEventCursor(row.cursor)!, position);

    await replaceInventory(live.app, token, world.tenantA2, policies(2));
    const capture = await captureAndWait(live.app, token, world.profileA, world.tenantA2);
    const later = await launchTestRun(live.app, { workspaceId: world.workspaceA, tenantId: world.tenantA1, initiatorId: world.users.ownerA });
    await waitForCompletedRun(live.app, later.id);

    const socket = await connectSubscriber(live.app.url, token);
    live.sockets.push(socket);
    const notifications = socket.subscribe<NotificationEventShape>(MY_NOTIFICATIONS, { after });
    const snapshots = socket.subscribe<SnapshotEventShape>(SNAPSHOT_EVENTS, { workspaceId: world.workspaceA, after });
    const expectedNotifications = (await notificationRows(live.app, world.users.ownerA)).filter(isAfterList);
    const expectedSnapshots = (await outboxRows(live.app, world.workspaceA, SNAPSHOT_EVENT_KINDS)).filter(isAfterList);
    await notifications.waitForEvents(expectedNotifications.length);
    await snapshots.waitForEvents(expectedSnapshots.length);
    // A later marker: anything replayed twice or out of order would arrive before it.
    const marker = await launchTestRun(live.app, { workspaceId: world.workspaceA, tenantId: world.tenantA1, initiatorId: world.users.ownerA });
    await notifications.waitForEvents(expectedNotifications.length + 1);

    expect(notifications.events.map((event) => event.cursor).slice(0, -1)).toEqual(expectedNotifications.map((row) => row.cursor));
    expect(notifications.events.map((event) => event.notification.run?.id).slice(-3)).toEqual([capture.id, later.id, marker.id]);
    expect(snapshots.events.map((event) => event.cursor)).toEqual(expectedSnapshots.map((row) => row.cursor));
    expect(snapshots.events.some((event) => event.run?.id === capture.id)).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserSchema } from '../../src/entities/user.js';
import { buildRegistry } from '../../src/jobs/handlers/index.js';
import { startWorker, type Worker } from '../../src/jobs/worker.js';
import { notificationRows } from '../support/outbox-rows.js';
import { connectSubscriber, type SubscriptionSocket } from '../support/subscription-client.js';
import { MY_NOTIFICATIONS, type NotificationEventShape } from '../support/subscription-documents.js';
import { waitForListeners } from '../support/subscription-ready.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { launchTestRun, waitForCompletedRun } from '../support/test-runs.js';
import { createWorld, type World } from '../support/world.js';

const ADD_MEMBER = `mutation($input: AddWorkspaceMemberInput!) { addWorkspaceMember(input: $input) { role } }`;
const REMOVE_MEMBER = `mutation($input: RemoveWorkspaceMemberInput!) { removeWorkspaceMember(input: $input) { removedUserId } }`;
const LINGER_MS = 500;

describe('myNotifications follows the user, not the workspaces they belonged to when they subscribed', () => {
  let app: TestApp;
  let world: World;
  let worker: Worker;
  const sockets: SubscriptionSocket[] = [];
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

  it('a user who joins a workspace after subscribing receives its notifications, and none once they leave it', async () => {
    const newcomer = world.users.outsider;
    const socket = await connectSubscriber(app.url, await app.token(newcomer));
    sockets.push(socket);
    const feed = socket.subscribe<NotificationEventShape>(MY_NOTIFICATIONS, {});
    await waitForListeners(app, 1);

    const ownerB = await app.token(world.users.ownerB);
    const { email } = await app.em().findOneOrFail(UserSchema, { id: newcomer });
    const added = await app.gql(ADD_MEMBER, { input: { workspaceId: world.workspaceB, email, role: 'MANAGER' } }, ownerB);
    expect(added.errors).toBeUndefined();

    const whileMember = await launchTestRun(app, { workspaceId: world.workspaceB, tenantId: world.tenantB1, initiatorId: newcomer });
    await waitForCompletedRun(app, whileMember.id);
    const [delivered] = await feed.waitForEvents(1);
    expect(delivered!.notification.run?.id).toBe(whileMember.id);
    expect(delivered!.cursor).toBe((await notificationRows(app, newcomer)).at(-1)!.cursor);

    const removed = await app.gql(REMOVE_MEMBER, { input: { workspaceId: world.workspaceB, userId: newcomer } }, ownerB);
    expect(removed.errors).toBeUndefined();
    const afterLeaving = await launchTestRun(app, { workspaceId: world.workspaceB, tenantId: world.tenantB1, initiatorId: newcomer });
    await waitForCompletedRun(app, afterLeaving.id);
    expect(await notificationRows(app, newcomer)).toHaveLength(2);
    await linger();
    expect(feed.events.map((event) => event.notification.run?.id)).toEqual([whileMember.id]);
    expect(feed.errors).toEqual([]);
  });
});

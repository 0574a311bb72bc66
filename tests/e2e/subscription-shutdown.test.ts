import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSubscriber, SubscriptionSocket, webSocketUrl } from '../support/subscription-client.js';
import { MY_NOTIFICATIONS, RUN_EVENTS } from '../support/subscription-documents.js';
import { waitForListeners } from '../support/subscription-ready.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createWorld, type World } from '../support/world.js';

const GOING_AWAY = { code: 1001, reason: 'Going away' };

describe('shutting the server down closes subscriber sockets cleanly', () => {
  let app: TestApp;
  let world: World;

  beforeAll(async () => {
    app = await startTestApp();
    world = await createWorld(app.em());
  });
  afterAll(() => app.close());

  it('closes every socket with 1001 Going away, ends its subscriptions and unregisters them', async () => {
    const owner = await connectSubscriber(app.url, await app.token(world.users.ownerA));
    const runs = owner.subscribe(RUN_EVENTS, { workspaceId: world.workspaceA });
    const notifications = owner.subscribe(MY_NOTIFICATIONS);
    const idle = await connectSubscriber(app.url, await app.token(world.users.ownerB));
    await waitForListeners(app, 2);

    await app.http.close();

    expect(await owner.waitForClose()).toEqual(GOING_AWAY);
    expect(await idle.waitForClose()).toEqual(GOING_AWAY);
    expect([runs.closedBy, notifications.closedBy]).toEqual([GOING_AWAY, GOING_AWAY]);
    expect([runs.errors, notifications.errors]).toEqual([[], []]);
    expect(app.http.hub.listenerCount).toBe(0);
    await expect(new SubscriptionSocket(webSocketUrl(app.url), await app.token(world.users.ownerA)).connected(5_000)).rejects.toThrow();
  });
});

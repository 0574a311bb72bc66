import { describe, expect, it } from 'vitest';
import { connectSubscriber, SubscriptionSocket, webSocketUrl } from '../../support/subscription-client.js';
import { MY_NOTIFICATIONS, RUN_EVENTS } from '../../support/subscription-documents.js';
import { waitForListeners } from '../../support/subscription-ready.js';
import { useApp } from '../../support/use-app.js';

const GOING_AWAY = { code: 1001, reason: 'Going away' };

describe('shutting the server down closes subscriber sockets cleanly', () => {
  const suite = useApp();

  it('closes every socket with 1001 Going away, ends its subscriptions and unregisters them', async () => {
    const owner = await connectSubscriber(suite.app.url, await suite.app.token(suite.world.users.ownerA));
    const runs = owner.subscribe(RUN_EVENTS, { workspaceId: suite.world.workspaceA });
    const notifications = owner.subscribe(MY_NOTIFICATIONS);
    const idle = await connectSubscriber(suite.app.url, await suite.app.token(suite.world.users.ownerB));
    await waitForListeners(suite.app, 2);

    await suite.app.http.close();

    expect(await owner.waitForClose()).toEqual(GOING_AWAY);
    expect(await idle.waitForClose()).toEqual(GOING_AWAY);
    expect([runs.closedBy, notifications.closedBy]).toEqual([GOING_AWAY, GOING_AWAY]);
    expect([runs.errors, notifications.errors]).toEqual([[], []]);
    expect(suite.app.http.hub.listenerCount).toBe(0);
    await expect(new SubscriptionSocket(webSocketUrl(suite.app.url), await suite.app.token(suite.world.users.ownerA)).connected(5_000)).rejects.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { GATEWAY_SECRET_HEADER } from '../../../src/live/gateway-socket.js';
import { RawSubscriber } from '../../support/raw-subscriber.js';
import { connectSubscriber, SubscriptionSocket, webSocketUrl } from '../../support/subscription-client.js';
import { HEAVY_RUN_EVENTS, RUN_EVENTS, type RunEventShape } from '../../support/subscription-documents.js';
import { waitForListeners } from '../../support/subscription-ready.js';
import { useLiveSuite } from '../../support/live-suite.js';
import { createUnqueuedRun } from '../../support/test-runs.js';
import { waitFor } from '../../support/wait-for.js';

const GATEWAY_SECRET = 'gateway-secret-that-is-long-enough-for-the-test';
const AS_GATEWAY = { [GATEWAY_SECRET_HEADER]: GATEWAY_SECRET };
const LIMITS = {
  GATEWAY_SECRET,
  MAX_SUBSCRIPTIONS_PER_SOCKET: '2',
  MAX_SUBSCRIPTIONS_PER_USER: '3',
  SUBSCRIPTION_QUEUE_CAPACITY: '16',
  SUBSCRIPTION_LAG_GRACE_MS: '2000',
  GRAPHQL_MAX_FIELDS: '5100',
};
/** How long a paused reader may keep its operation before the test gives up: far beyond SUBSCRIPTION_LAG_GRACE_MS. */
const CUT_OFF_DEADLINE_MS = 60_000;

/**
 * A federation gateway multiplexes many clients on one socket and forwards neither close codes nor
 * `error` frames: a socket presenting GATEWAY_SECRET is limited per user only, and every refusal
 * reaches it as an operation's last result carrying the code and the message.
 */
describe('subscription sockets of a trusted gateway', () => {
  const live = useLiveSuite({ env: LIMITS });

  const open = (token: string | null, headers: Record<string, string> = AS_GATEWAY) => {
    const socket = new SubscriptionSocket(webSocketUrl(live.app.url), token, headers);
    live.sockets.push(socket);
    return socket;
  };
  const listeners = () => live.app.http.hub.listenerCount;
  const causeEvent = () => createUnqueuedRun(live.app, { workspaceId: live.world.workspaceA, tenantId: live.world.tenantA1 });

  it('runs more operations on one gateway socket than a direct socket may, up to MAX_SUBSCRIPTIONS_PER_USER over all the user’s sockets', async () => {
    const token = await live.app.token(live.world.users.ownerA);
    const gateway = open(token);
    await gateway.connected();
    const registered = listeners();
    const feeds = [1, 2, 3].map(() => gateway.subscribe<RunEventShape>(RUN_EVENTS, { workspaceId: live.world.workspaceA }));
    await waitForListeners(live.app, registered + 3);

    const beyond = gateway.subscribe(RUN_EVENTS, { workspaceId: live.world.workspaceA });
    expect(await beyond.waitForRefusal()).toEqual([
      {
        message: 'At most 3 subscriptions may run at once for one user, over all their connections; complete some first.',
        extensions: { code: 'SUBSCRIPTION_LIMIT' },
      },
    ]);
    const direct = await connectSubscriber(live.app.url, await live.app.token(live.world.users.ownerA, 1800));
    live.sockets.push(direct);
    const elsewhere = direct.subscribe(RUN_EVENTS, { workspaceId: live.world.workspaceA });
    expect((await elsewhere.waitForErrors()).map((error) => error.extensions?.code)).toEqual(['SUBSCRIPTION_LIMIT']);
    expect(elsewhere.ending).toBe('error');

    const run = await causeEvent();
    for (const feed of feeds) expect((await feed.waitForEvents(1)).map((event) => event.run.id)).toEqual([run.id]);
    feeds[0]!.unsubscribe();
    await waitFor(async () => listeners() === registered + 2, 10_000, 25, 'the completed operation to end on the server');
    const replacement = direct.subscribe<RunEventShape>(RUN_EVENTS, { workspaceId: live.world.workspaceA });
    await waitForListeners(live.app, registered + 3);
    const next = await causeEvent();
    expect((await replacement.waitForEvents(1)).map((event) => event.run.id)).toEqual([next.id]);
    expect(gateway.closedWith).toBeNull();
  });

  it('serves a socket presenting another secret as a direct client: MAX_SUBSCRIPTIONS_PER_SOCKET applies and refusals are error frames', async () => {
    const socket = open(await live.app.token(live.world.users.managerA), { [GATEWAY_SECRET_HEADER]: `${GATEWAY_SECRET}-but-not-quite` });
    await socket.connected();
    const registered = listeners();
    socket.subscribe(RUN_EVENTS, { workspaceId: live.world.workspaceA });
    socket.subscribe(RUN_EVENTS, { workspaceId: live.world.workspaceA });
    await waitForListeners(live.app, registered + 2);

    const beyond = socket.subscribe(RUN_EVENTS, { workspaceId: live.world.workspaceA });
    expect(await beyond.waitForErrors()).toEqual([
      { message: 'At most 2 operations may run on one socket; complete some first.', extensions: { code: 'SUBSCRIPTION_LIMIT' } },
    ]);
    expect(beyond.ending).toBe('error');
  });

  it('acknowledges a gateway socket whose token fails and answers each of its operations with UNAUTHENTICATED and the reason', async () => {
    const socket = open('not-a-jwt');
    await socket.connected();

    const first = socket.subscribe(RUN_EVENTS, { workspaceId: live.world.workspaceA });
    const second = socket.subscribe(RUN_EVENTS, { workspaceId: live.world.workspaceB });

    const refusal = [{ message: 'The bearer token is not a JWT.', extensions: { code: 'UNAUTHENTICATED' } }];
    expect(await first.waitForRefusal()).toEqual(refusal);
    expect(await second.waitForRefusal()).toEqual(refusal);
    expect(socket.closedWith).toBeNull();
  });

  it('ends every operation of a gateway socket with UNAUTHENTICATED when its token expires, and refuses later ones the same way', async () => {
    const registered = listeners();
    const socket = open(await live.app.token(live.world.users.readonlyA, 8));
    await socket.connected();
    const feed = socket.subscribe<RunEventShape>(RUN_EVENTS, { workspaceId: live.world.workspaceA });
    await waitForListeners(live.app, registered + 1);

    const expired = [{ message: 'The bearer token expired; reconnect with a new token.', extensions: { code: 'UNAUTHENTICATED' } }];
    expect(await feed.waitForRefusal(20_000)).toEqual(expired);
    await waitFor(async () => listeners() === registered, 10_000, 25, 'the ended operation to unregister');
    expect(await socket.subscribe(RUN_EVENTS, { workspaceId: live.world.workspaceA }).waitForRefusal()).toEqual(expired);
    expect(socket.closedWith).toBeNull();
  });

  it('ends the operations of a gateway socket that stops reading with SLOW_CONSUMER instead of closing it, and serves it again once it reads', async () => {
    const token = await live.app.token(live.world.users.ownerB);
    const registered = listeners();
    const slow = await RawSubscriber.subscribe(webSocketUrl(live.app.url), token, HEAVY_RUN_EVENTS, { workspaceId: live.world.workspaceB }, AS_GATEWAY);
    await waitForListeners(live.app, registered + 1);
    slow.pause();

    // Events keep coming, paced, until the lag grace runs out: however fast runs are created, the
    // cut-off is decided by time behind, not by how many events were sent.
    const deadline = Date.now() + CUT_OFF_DEADLINE_MS;
    while (listeners() === registered + 1 && Date.now() < deadline) {
      await createUnqueuedRun(live.app, { workspaceId: live.world.workspaceB });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(listeners()).toBe(registered);
    slow.resume();

    await waitFor(async () => slow.lastFrames.get('1')?.type === 'complete', 20_000, 25, 'the operation to complete');
    expect(slow.lastResults.get('1')?.payload).toEqual({
      errors: [{ message: 'Slow consumer: events arrived faster than the client read them.', extensions: { code: 'SLOW_CONSUMER' } }],
    });
    slow.start('2', RUN_EVENTS, { workspaceId: live.world.workspaceB });
    await waitForListeners(live.app, registered + 1);
    const run = await createUnqueuedRun(live.app, { workspaceId: live.world.workspaceB });
    await waitFor(
      async () => (slow.lastResults.get('2')?.payload?.data as { operationRunEvents?: RunEventShape } | undefined)?.operationRunEvents?.run.id === run.id,
      20_000,
      25,
      'the new operation’s event',
    );
    expect(slow.closedWith).toBeNull();
  });
});

import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { workspaceChannel } from '../../../src/outbox/publisher.js';
import { RawSubscriber } from '../../support/raw-subscriber.js';
import { connectSubscriber, SubscriptionSocket, webSocketUrl } from '../../support/subscription-client.js';
import { HEAVY_RUN_EVENTS, RUN_EVENTS, type RunEventShape } from '../../support/subscription-documents.js';
import { outboxRows } from '../../support/outbox-rows.js';
import { waitForListeners } from '../../support/subscription-ready.js';
import { createUnqueuedRun } from '../../support/test-runs.js';
import { useApp } from '../../support/use-app.js';
import { waitFor } from '../../support/wait-for.js';

const LIMITS = {
  MAX_SOCKETS_PER_TOKEN: '2',
  MAX_SUBSCRIPTIONS_PER_SOCKET: '2',
  SUBSCRIPTION_QUEUE_CAPACITY: '16',
  // The default: a reader catching up on a loaded machine is not taken for a slow consumer.
  SUBSCRIPTION_LAG_GRACE_MS: '10000',
  // A paused client answers no ping: a keep-alive shorter than a slow test run would terminate its
  // socket (1006) before it reads the 4420 close.
  WS_KEEPALIVE_MS: '600000',
  GRAPHQL_MAX_FIELDS: '5100',
};
/** How long a paused reader may keep its subscription before the test gives up: far beyond SUBSCRIPTION_LAG_GRACE_MS. */
const CUT_OFF_DEADLINE_MS = 60_000;
/** Events that settle at once, far more than SUBSCRIPTION_QUEUE_CAPACITY. */
const SETTLING_BURST = 120;

describe('subscription limits protect the server without hurting other subscribers', () => {
  const suite = useApp({ env: LIMITS });
  const sockets: SubscriptionSocket[] = [];

  const open = (token: string) => {
    const socket = new SubscriptionSocket(webSocketUrl(suite.app.url), token);
    sockets.push(socket);
    return socket;
  };
  /** Opens sockets until one is acknowledged; each refused before that must have been refused for the per-token limit. */
  const replacementAccepted = (token: string) =>
    waitFor(
      async () => {
        const replacement = open(token);
        return replacement.connected().then(
          () => true,
          () => expect(replacement.closedWith?.code).toBe(4430),
        );
      },
      30_000,
      100,
      'a replacement socket to be acknowledged',
    );
  const causeEvent = () => createUnqueuedRun(suite.app, { workspaceId: suite.world.workspaceA, tenantId: suite.world.tenantA1 });
  const listeners = () => suite.app.http.hub.listenerCount;

  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
  });

  it('closes a socket beyond MAX_SOCKETS_PER_TOKEN with 4430, and lets a new one in once another closed', async () => {
    const token = await suite.app.token(suite.world.users.ownerA);
    const [first, second] = [open(token), open(token)];
    await Promise.all([first.connected(), second.connected()]);

    const third = open(token);
    expect(await third.waitForClose()).toEqual({ code: 4430, reason: 'Too many open sockets for this token (limit 2).' });
    await open(await suite.app.token(suite.world.users.ownerA, 3600)).connected();

    await first.close();
    // The server counts the socket out when it sees it close; until then a new one may still be refused.
    await replacementAccepted(token);
    expect(second.closedWith).toBeNull();
  });

  it('does not count a socket that closed while it was still authenticating against MAX_SOCKETS_PER_TOKEN', async () => {
    const token = await suite.app.token(suite.world.users.readonlyA);
    const blocker = new pg.Client({ connectionString: suite.app.database.url });
    await blocker.connect();
    try {
      for (let attempt = 0; attempt < Number(LIMITS.MAX_SOCKETS_PER_TOKEN); attempt++) {
        // While `users` is locked the server's onConnect waits for the user; the client gives up meanwhile.
        await blocker.query('begin; lock table users in access exclusive mode');
        const impatient = new WebSocket(webSocketUrl(suite.app.url), 'graphql-transport-ws');
        await new Promise((resolve) => impatient.once('open', resolve));
        impatient.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
        await waitFor(
          async () => (await blocker.query('select 1 from pg_locks where not granted')).rowCount! > 0,
          10_000,
          10,
          'onConnect to wait for the lock',
        );
        impatient.terminate();
        await new Promise((resolve) => setTimeout(resolve, 200));
        await blocker.query('commit');
      }
    } finally {
      await blocker.end();
    }
    // Each abandoned socket is counted out when the server sees it close: a new one is then let in.
    await replacementAccepted(token);
  });

  it('refuses an operation beyond MAX_SUBSCRIPTIONS_PER_SOCKET while the others keep receiving, and frees the slot when one completes', async () => {
    // Its own token lifetime: a token issued in the same second as the first test's would be the same token.
    const socket = await connectSubscriber(suite.app.url, await suite.app.token(suite.world.users.ownerA, 1800));
    sockets.push(socket);
    const registered = listeners();
    const variables = { workspaceId: suite.world.workspaceA };
    const first = socket.subscribe<RunEventShape>(RUN_EVENTS, variables);
    const second = socket.subscribe<RunEventShape>(RUN_EVENTS, variables);
    await waitForListeners(suite.app, registered + 2);

    const extra = socket.subscribe<RunEventShape>(RUN_EVENTS, variables);
    const [refusal] = await extra.waitForErrors();
    expect(refusal).toMatchObject({ message: 'At most 2 operations may run on one socket; complete some first.', extensions: { code: 'SUBSCRIPTION_LIMIT' } });
    const run = await causeEvent();
    for (const feed of [first, second]) expect((await feed.waitForEvents(1)).map((event) => event.run.id)).toEqual([run.id]);

    first.unsubscribe();
    await waitFor(async () => listeners() === registered + 1, 10_000, 25, 'the completed operation to end on the server');
    const replacement = socket.subscribe<RunEventShape>(RUN_EVENTS, variables);
    await waitForListeners(suite.app, registered + 2);
    const next = await causeEvent();
    expect((await replacement.waitForEvents(1)).map((event) => event.run.id)).toEqual([next.id]);
    expect((await second.waitForEvents(2)).map((event) => event.run.id)).toEqual([run.id, next.id]);
    expect(replacement.errors).toEqual([]);
    expect(socket.closedWith).toBeNull();
  });

  it('counts operations started together on one socket against MAX_SUBSCRIPTIONS_PER_SOCKET: none overshoots while the others authenticate', async () => {
    const socket = await connectSubscriber(suite.app.url, await suite.app.token(suite.world.users.managerA, 2400));
    sockets.push(socket);
    const registered = listeners();

    const feeds = [1, 2, 3, 4].map(() => socket.subscribe(RUN_EVENTS, { workspaceId: suite.world.workspaceA }));
    await waitFor(async () => feeds.filter((feed) => feed.errors.length > 0).length === 2, 10_000, 25, 'two refusals');
    await waitForListeners(suite.app, registered + 2);

    const refused = feeds.filter((feed) => feed.errors.length > 0);
    expect(refused.map((feed) => feed.errors[0]!.extensions?.code)).toEqual(['SUBSCRIPTION_LIMIT', 'SUBSCRIPTION_LIMIT']);
    await causeEvent();
    for (const feed of feeds.filter((candidate) => !refused.includes(candidate))) await feed.waitForEvents(1);
    expect(listeners()).toBe(registered + 2);
  });

  it('ends the server side of a subscription when its socket closes, even when no event follows', async () => {
    const registered = listeners();
    const socket = await connectSubscriber(suite.app.url, await suite.app.token(suite.world.users.ownerB));
    socket.subscribe(RUN_EVENTS, { workspaceId: suite.world.workspaceB });
    await waitForListeners(suite.app, registered + 1);
    const channel = workspaceChannel(suite.app.config.redis.prefix, suite.world.workspaceB);
    expect((await suite.app.runtime.redis.commands.pubSubNumSub(channel))[channel]).toBe(1);

    await socket.close();
    await waitFor(async () => listeners() === registered, 30_000, 25, 'the subscription to unregister');
    await waitFor(
      async () => (await suite.app.runtime.redis.commands.pubSubNumSub(channel))[channel] === 0,
      30_000,
      25,
      'the hub to stop watching workspace B',
    );
  });

  it('disconnects a client that stops reading with 4420 while a subscriber of the same events keeps being served', async () => {
    const token = await suite.app.token(suite.world.users.managerA);
    const registered = listeners();
    const slow = await RawSubscriber.subscribe(webSocketUrl(suite.app.url), token, HEAVY_RUN_EVENTS, { workspaceId: suite.world.workspaceA });
    await waitForListeners(suite.app, registered + 1);
    slow.pause();
    const reader = await connectSubscriber(suite.app.url, await suite.app.token(suite.world.users.ownerA));
    sockets.push(reader);
    const fast = reader.subscribe(HEAVY_RUN_EVENTS, { workspaceId: suite.world.workspaceA });
    await waitForListeners(suite.app, registered + 2);

    let produced = 0;
    const deadline = Date.now() + CUT_OFF_DEADLINE_MS;
    while (listeners() === registered + 2 && Date.now() < deadline) {
      await causeEvent();
      produced += 1;
      await fast.waitForEvents(produced);
    }
    expect(listeners()).toBe(registered + 1);

    slow.resume();
    expect(await slow.waitForClose()).toEqual({ code: 4420, reason: 'Slow consumer: events arrived faster than the client read them.' });
    expect(slow.received).toBeLessThan(produced);
    await causeEvent();
    await fast.waitForEvents(produced + 1);
    expect(fast.errors).toEqual([]);
    expect(reader.closedWith).toBeNull();
    await reader.close();
  }, 120_000);

  it('serves a burst larger than the live queue to a client that keeps reading, from the outbox, each event once and in order', async () => {
    const reader = await connectSubscriber(suite.app.url, await suite.app.token(suite.world.users.ownerA, 7200));
    sockets.push(reader);
    const registered = listeners();
    const feed = reader.subscribe<RunEventShape>(RUN_EVENTS, { workspaceId: suite.world.workspaceA });
    await waitForListeners(suite.app, registered + 1);

    // An open transaction holds the settled horizon back: the burst's events all settle at its commit
    // and reach the hub in one read.
    const horizon = new pg.Client({ connectionString: suite.app.database.url });
    await horizon.connect();
    const burst: string[] = [];
    try {
      await horizon.query('begin');
      await horizon.query('select pg_current_xact_id()');
      for (let i = 0; i < SETTLING_BURST; i++) burst.push((await causeEvent()).id);
      await horizon.query('commit');
    } finally {
      await horizon.end();
    }

    // The next event, written after the burst, is the marker: a duplicate would arrive before it.
    const next = await causeEvent();
    const served = await feed.eventsBefore((event) => event.run.id === next.id, 120_000);
    const expected = (await outboxRows(suite.app, suite.world.workspaceA, ['QUEUED'])).filter((row) => burst.includes(row.runId));
    expect(served.map((event) => event.cursor)).toEqual(expected.map((row) => row.cursor));
    expect(served.map((event) => event.run.id)).toEqual(burst);
    expect(reader.closedWith).toBeNull();
    expect(listeners()).toBe(registered + 1);
  }, 180_000);
});

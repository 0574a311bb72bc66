import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SubscriptionSocket, webSocketUrl } from '../../support/subscription-client.js';
import { MY_NOTIFICATIONS, RUN_EVENTS, SNAPSHOT_EVENTS, type RunEventShape } from '../../support/subscription-documents.js';
import { waitForListeners } from '../../support/subscription-ready.js';
import { createUnqueuedRun } from '../../support/test-runs.js';
import { useApp } from '../../support/use-app.js';

const K = 9;

describe('an idle subscription holds no database session: opening one on an authenticated socket sends no SQL and builds no entity manager or loaders', () => {
  // No periodic outbox read: every statement counted below is one the subscriptions caused.
  const suite = useApp({ env: { EVENT_POLL_INTERVAL_MS: '600000' } });
  const sockets: SubscriptionSocket[] = [];
  let forks = 0;
  let statements = 0;

  const open = async () => {
    const socket = new SubscriptionSocket(webSocketUrl(suite.app.url), await suite.app.token(suite.world.users.ownerA));
    sockets.push(socket);
    await socket.connected();
    return socket;
  };
  /** Counts what the API does in this process from now: entity managers forked (a database session, with loaders on it) and SQL sent. */
  const countFromNow = () => {
    forks = 0;
    statements = 0;
  };

  beforeAll(async () => {
    const fork = suite.app.runtime.orm.em.fork.bind(suite.app.runtime.orm.em);
    vi.spyOn(suite.app.runtime.orm.em, 'fork').mockImplementation((...args) => {
      forks++;
      return fork(...args);
    });
    suite.app.runtime.orm.em
      .getConnection()
      .getKnex()
      .on('query', () => statements++);
  });
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
  });

  it(`opens ${K} subscriptions of every kind without a statement or an entity manager, and they still receive events`, async () => {
    // The process's first subscription of the workspace makes its event hub read where the outbox ends.
    const first = await open();
    first.subscribe(RUN_EVENTS, { workspaceId: suite.world.workspaceA });
    await waitForListeners(suite.app, 1);
    const socket = await open();

    countFromNow();
    const documents = [
      [RUN_EVENTS, { workspaceId: suite.world.workspaceA }],
      [SNAPSHOT_EVENTS, { workspaceId: suite.world.workspaceA }],
      [MY_NOTIFICATIONS, {}],
    ] as const;
    const feeds = Array.from({ length: K }, (_, index) => socket.subscribe(documents[index % 3]![0], documents[index % 3]![1]));
    await waitForListeners(suite.app, 1 + K);
    expect({ forks, statements }).toEqual({ forks: 0, statements: 0 });

    const run = await createUnqueuedRun(suite.app, { workspaceId: suite.world.workspaceA });
    const runFeeds = feeds.filter((_, index) => index % 3 === 0);
    for (const feed of runFeeds) expect(((await feed.waitForEvents(1)) as RunEventShape[]).map((event) => event.run.id)).toEqual([run.id]);
    // Creating the run left a deferred write behind (its outbox event marked published); it is not the subscriptions'.
    await suite.app.runtime.outbox.flush();

    countFromNow();
    const more = Array.from({ length: K }, () => socket.subscribe(RUN_EVENTS, { workspaceId: suite.world.workspaceA }));
    await waitForListeners(suite.app, 1 + 2 * K);
    expect({ forks, statements }).toEqual({ forks: 0, statements: 0 });
    expect(more.flatMap((feed) => feed.errors)).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_EVENT_KINDS } from '../../../src/outbox/kinds.js';
import { newId } from '../../../src/platform/ids.js';
import { BaselineProfileSchema } from '../../../src/modules/baselines/entities/baseline-profile.js';
import { connectRedis } from '../../../src/platform/redis/redis-connections.js';
import { EventOutbox } from '../../../src/outbox/publisher.js';
import { OperationRunService } from '../../../src/modules/operation-runs/services/operation-run-service.js';
import { RunMetrics } from '../../../src/modules/operation-runs/services/run-metrics.js';
import { startApiProcess, type ApiProcess } from '../../support/api-process.js';
import { outboxRows } from '../../support/outbox-rows.js';
import { connectSubscriber, type SubscriptionFeed, type SubscriptionSocket } from '../../support/subscription-client.js';
import { RUN_EVENTS, type RunEventShape } from '../../support/subscription-documents.js';
import { waitForWatchingHubs } from '../../support/subscription-ready.js';
import { runRequest } from '../../support/test-runs.js';
import { useApp } from '../../support/use-app.js';
import { waitFor } from '../../support/wait-for.js';
import { startChildService, type ChildService } from '../../support/worker-process.js';

/** The subscriber's API never polls, so only a Redis message (the writer's or the relay's) delivers live. */
const NO_POLLING = { EVENT_POLL_INTERVAL_MS: '600000' };
const RELAY = { OUTBOX_RELAY_INTERVAL_MS: '200' };
const BURST = 60;
const CAPTURE = `mutation ($profileId: ID!, $sourceTenantId: ID!) {
  startBaselineCapture(profileId: $profileId, sourceTenantId: $sourceTenantId) { __typename }
}`;

describe('killing an API process between commit and publish loses nothing once the relay runs', () => {
  const suite = useApp({ env: { TENANTGRAPH_TEST_OPERATIONS: '1' } });
  let subscriberApi: ApiProcess;
  const children: ChildService[] = [];
  let socket: SubscriptionSocket;
  let feed: SubscriptionFeed<RunEventShape>;

  /**
   * Waits until the outbox of workspace A stopped growing (the worker finished the runs it got),
   * every row is published and the feed holds at least as many events; returns the rows.
   */
  const quiescentOutbox = () =>
    waitFor(
      async () => {
        const before = await outboxRows(suite.app, suite.world.workspaceA, RUN_EVENT_KINDS);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const rows = await outboxRows(suite.app, suite.world.workspaceA, RUN_EVENT_KINDS);
        return rows.length === before.length && rows.every((row) => row.published) && feed.events.length >= rows.length && rows;
      },
      90_000,
      100,
      'every committed event to be published and delivered',
    );

  beforeAll(async () => {
    subscriberApi = await startApiProcess(suite.app.config, NO_POLLING);
    children.push(subscriberApi);
    socket = await connectSubscriber(subscriberApi.url, await suite.app.token(suite.world.users.ownerA));
    feed = socket.subscribe<RunEventShape>(RUN_EVENTS, { workspaceId: suite.world.workspaceA });
    await waitForWatchingHubs(suite.app, suite.world.workspaceA);
  });
  afterAll(async () => {
    await socket?.close();
    await Promise.all(children.map((child) => child.stop()));
  });

  it('delivers a committed event its writer never published once the worker relays it, and marks it published', async () => {
    // A writer whose Redis is gone: the transaction commits, the publish after it fails.
    const unreachable = await connectRedis(suite.app.config.redis.url, suite.app.config.redis.prefix);
    await unreachable.close();
    const writer = new OperationRunService({
      orm: suite.app.orm,
      lifecycle: suite.app.config.lifecycle,
      queues: suite.app.runtime.queues,
      outbox: new EventOutbox(suite.app.orm, unreachable),
      metrics: new RunMetrics(),
      reasons: suite.app.runtime.reasons,
    });
    const { run } = await writer.create(runRequest({ workspaceId: suite.world.workspaceA, tenantId: suite.world.tenantA1 }));
    const [row] = await outboxRows(suite.app, suite.world.workspaceA, RUN_EVENT_KINDS);
    expect(row).toMatchObject({ runId: run.id, kind: 'QUEUED', published: false });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(feed.events).toEqual([]);

    children.push(await startChildService(suite.app.config, 'worker', RELAY));
    const [event] = await feed.waitForEvents(1, 30_000);
    expect([event!.cursor, event!.kind, event!.run.id]).toEqual([row!.cursor, 'QUEUED', run.id]);
    await waitFor(
      async () => (await outboxRows(suite.app, suite.world.workspaceA, RUN_EVENT_KINDS))[0]!.published,
      10_000,
      50,
      'the relayed row to be marked published',
    );
  });

  it('delivers every event committed before an API process was SIGKILLed mid-burst exactly once, in order', async () => {
    const profileIds = Array.from({ length: BURST }, () => newId());
    const em = suite.app.em();
    for (const [index, id] of profileIds.entries()) {
      em.create(BaselineProfileSchema, {
        id,
        workspace: suite.world.workspaceA,
        name: `Burst ${index}`,
        status: 'active',
        scope: { policyTypes: ['deviceConfiguration'] },
      });
    }
    await em.flush();
    const doomed = await startApiProcess(suite.app.config);
    children.push(doomed);
    const token = await suite.app.token(suite.world.users.ownerA);

    // Callers keep sending until the process is gone, so the kill lands while requests are in flight
    // however fast the process answers them.
    let answered = 0;
    let failed = 0;
    let killing: Promise<void> | null = null;
    const unsent = [...profileIds];
    const caller = async () => {
      for (let profileId = unsent.shift(); profileId; profileId = unsent.shift()) {
        try {
          await doomed.gql(CAPTURE, { profileId, sourceTenantId: suite.world.tenantA1 }, token);
          answered += 1;
          if (answered === 3) killing = doomed.kill();
        } catch {
          failed += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: 10 }, caller));
    await killing;
    expect(failed).toBeGreaterThan(0);

    const rows = await quiescentOutbox();
    expect(rows.filter((row) => row.kind === 'QUEUED').length - 1).toBeGreaterThanOrEqual(3);
    // Everything the outbox holds before a marker run written now must arrive before it, once each
    // (a run the worker was still finishing may add events after `rows` was read).
    const { run: marker } = await suite.app.runtime.runs.create(runRequest({ workspaceId: suite.world.workspaceA, tenantId: suite.world.tenantA1 }));
    const delivered = await feed.eventsBefore((event) => event.run.id === marker.id);
    const outbox = await outboxRows(suite.app, suite.world.workspaceA, RUN_EVENT_KINDS);
    const beforeMarker = outbox.slice(
      0,
      outbox.findIndex((row) => row.runId === marker.id),
    );
    expect(beforeMarker.length).toBeGreaterThanOrEqual(rows.length);
    expect(delivered.map((event) => [event.cursor, event.kind, event.run.id])).toEqual(beforeMarker.map((row) => [row.cursor, row.kind, row.runId]));
  });
});

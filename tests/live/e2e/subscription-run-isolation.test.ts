import { describe, expect, it } from 'vitest';
import { RUN_EVENT_KINDS } from '../../../src/outbox/kinds.js';
import { outboxRows, type OutboxRow } from '../../support/outbox-rows.js';
import { connectSubscriber, type SubscriptionFeed } from '../../support/subscription-client.js';
import { RUN_EVENTS, SNAPSHOT_EVENTS, type RunEventShape } from '../../support/subscription-documents.js';
import { waitForListeners } from '../../support/subscription-ready.js';
import { createUnqueuedRun, launchTestRun, waitForCompletedRun, type RunScope } from '../../support/test-runs.js';
import { useLiveSuite } from '../../support/live-suite.js';

const TENANT_ACCESS = (verb: 'grant' | 'revoke') => `
  mutation ($input: TenantAccessInput!) { ${verb}TenantAccess(input: $input) { grantedTenants { id } } }`;

describe('a user of workspace A subscribed with a wildcard never receives an event of workspace B or of a tenant they are not entitled to', () => {
  const live = useLiveSuite({ worker: true });

  const subscribe = async (userId: string, variables: Record<string, unknown>) => {
    const socket = await connectSubscriber(live.app.url, await live.app.token(userId));
    live.sockets.push(socket);
    return socket.subscribe<RunEventShape>(RUN_EVENTS, variables);
  };
  /** Subscribes and waits until the hub registered the subscription, so it sees every later event. */
  const subscribeLive = async (userId: string, variables: Record<string, unknown>) => {
    const registered = live.app.http.hub.listenerCount;
    const feed = await subscribe(userId, variables);
    await waitForListeners(live.app, registered + 1);
    return feed;
  };
  const runToCompletion = async (scope: RunScope) => {
    const run = await launchTestRun(live.app, scope, { steps: 1, ms: 20 });
    await waitForCompletedRun(live.app, run.id);
    return run.id;
  };
  /** Runs written only to mark the end of what a feed is checked against; every member of their workspace sees them. */
  const markers = new Set<string>();
  /**
   * Each feed holds exactly its `rows` (compared by cursor, in order) and nothing else: proved by a
   * marker run of each workspace written after them, before which a stray or duplicate event would
   * have arrived.
   */
  const expectExactly = async (...checks: [SubscriptionFeed<RunEventShape>, OutboxRow[]][]) => {
    for (const workspaceId of [live.world.workspaceA, live.world.workspaceB]) {
      markers.add((await createUnqueuedRun(live.app, { workspaceId, tenantId: null })).id);
    }
    for (const [feed, rows] of checks) {
      const before = await feed.eventsBefore((event) => markers.has(event.run.id));
      expect(before.map((event) => [event.cursor, event.kind, event.run.id])).toEqual(rows.map((row) => [row.cursor, row.kind, row.runId]));
    }
  };

  it('delivers to each subscriber exactly the events of runs in its visible scope, live and on replay, while runs of A1, A2 and B1 interleave', async () => {
    const operator = await subscribeLive(live.world.users.operatorA, { workspaceId: live.world.workspaceA });
    const ownerA = await subscribeLive(live.world.users.ownerA, { workspaceId: live.world.workspaceA });
    const ownerB = await subscribeLive(live.world.users.ownerB, { workspaceId: live.world.workspaceB });

    const { workspaceA, workspaceB, tenantA1, tenantA2, tenantB1, users } = live.world;
    const started = [];
    for (let round = 0; round < 3; round++) {
      started.push(
        runToCompletion({ workspaceId: workspaceA, tenantId: tenantA1, initiatorId: users.operatorA }),
        runToCompletion({ workspaceId: workspaceA, tenantId: tenantA2, initiatorId: users.ownerA }),
        runToCompletion({ workspaceId: workspaceB, tenantId: tenantB1, initiatorId: users.ownerB }),
        runToCompletion({ workspaceId: workspaceA, tenantId: null, initiatorId: users.ownerA }),
      );
    }
    await Promise.all(started);

    const rowsA = await outboxRows(live.app, workspaceA, RUN_EVENT_KINDS);
    const rowsB = await outboxRows(live.app, workspaceB, RUN_EVENT_KINDS);
    const operatorRows = rowsA.filter((row) => row.tenantId === tenantA1 || row.tenantId === null);
    expect(operatorRows.length).toBeLessThan(rowsA.length);
    await expectExactly([operator, operatorRows], [ownerA, rowsA], [ownerB, rowsB]);
    for (const event of operator.events) {
      expect(event.run.workspace.id).toBe(workspaceA);
      expect([tenantA1, undefined]).toContain(event.run.tenant?.id);
    }
    for (const event of ownerB.events) expect(event.run.workspace.id).toBe(workspaceB);
    for (const feed of [operator, ownerA, ownerB]) expect(feed.errors).toEqual([]);

    const replay = await subscribe(users.operatorA, { workspaceId: workspaceA, after: operator.events[0]!.cursor });
    await expectExactly([replay, operatorRows.slice(1)]);
  });

  it('judges every event by the authorization the subscriber has now: a revoked grant stops its events, a new grant starts them', async () => {
    const ownerToken = await live.app.token(live.world.users.ownerA);
    const access = { tenantId: live.world.tenantA1, userId: live.world.users.operatorA };
    const operator = await subscribeLive(live.world.users.operatorA, { workspaceId: live.world.workspaceA });
    const before = await runToCompletion({ workspaceId: live.world.workspaceA, tenantId: live.world.tenantA1 });
    const beforeRows = (await outboxRows(live.app, live.world.workspaceA, RUN_EVENT_KINDS)).filter((row) => row.runId === before);
    await operator.waitForEvents(beforeRows.length);

    expect((await live.app.gql(TENANT_ACCESS('revoke'), { input: access }, ownerToken)).errors).toBeUndefined();
    const hidden = await runToCompletion({ workspaceId: live.world.workspaceA, tenantId: live.world.tenantA1 });
    expect(
      (await live.app.gql(TENANT_ACCESS('grant'), { input: { tenantId: live.world.tenantA2, userId: live.world.users.operatorA } }, ownerToken)).errors,
    ).toBeUndefined();
    const granted = await runToCompletion({ workspaceId: live.world.workspaceA, tenantId: live.world.tenantA2 });

    const rows = await outboxRows(live.app, live.world.workspaceA, RUN_EVENT_KINDS);
    expect(rows.some((row) => row.runId === hidden)).toBe(true);
    await expectExactly([operator, rows.filter((row) => row.runId === before || row.runId === granted)]);
  });

  it('refuses, as NOT_FOUND, subscriptions to a sibling tenant, a run of it, another workspace or a workspace of which the user is no member', async () => {
    const siblingRun = await launchTestRun(live.app, { workspaceId: live.world.workspaceA, tenantId: live.world.tenantA2 });
    const refused = [
      await subscribe(live.world.users.readonlyA, { workspaceId: live.world.workspaceA, tenantId: live.world.tenantA2 }),
      await subscribe(live.world.users.readonlyA, { workspaceId: live.world.workspaceA, runId: siblingRun.id }),
      await subscribe(live.world.users.ownerB, { workspaceId: live.world.workspaceA }),
      await subscribe(live.world.users.outsider, { workspaceId: live.world.workspaceA }),
    ];
    const outsider = await connectSubscriber(live.app.url, await live.app.token(live.world.users.outsider));
    live.sockets.push(outsider);
    refused.push(outsider.subscribe(SNAPSHOT_EVENTS, { workspaceId: live.world.workspaceA }));
    for (const feed of refused) {
      const [error] = await feed.waitForErrors();
      expect(error!.extensions?.code).toBe('NOT_FOUND');
      expect(feed.events).toEqual([]);
    }
  });
});

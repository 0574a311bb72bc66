import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_EVENT_KINDS } from '../../src/domain/event-kinds.js';
import { buildRegistry } from '../../src/jobs/handlers/index.js';
import { startWorker, type Worker } from '../../src/jobs/worker.js';
import { outboxRows, type OutboxRow } from '../support/outbox-rows.js';
import { connectSubscriber, type SubscriptionFeed, type SubscriptionSocket } from '../support/subscription-client.js';
import { RUN_EVENTS, SNAPSHOT_EVENTS, type RunEventShape } from '../support/subscription-documents.js';
import { waitForListeners } from '../support/subscription-ready.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { launchTestRun, waitForCompletedRun, type RunScope } from '../support/test-runs.js';
import { createWorld, type World } from '../support/world.js';

const TENANT_ACCESS = (verb: 'grant' | 'revoke') => `
  mutation ($input: TenantAccessInput!) { ${verb}TenantAccess(input: $input) { grantedTenants { id } } }`;

describe('a user of workspace A subscribed with a wildcard never receives an event of workspace B or of a tenant they are not entitled to', () => {
  let app: TestApp;
  let world: World;
  let worker: Worker;
  const sockets: SubscriptionSocket[] = [];

  const subscribe = async (userId: string, variables: Record<string, unknown>) => {
    const socket = await connectSubscriber(app.url, await app.token(userId));
    sockets.push(socket);
    return socket.subscribe<RunEventShape>(RUN_EVENTS, variables);
  };
  /** Subscribes and waits until the hub registered the subscription, so it sees every later event. */
  const subscribeLive = async (userId: string, variables: Record<string, unknown>) => {
    const registered = app.http.hub.listenerCount;
    const feed = await subscribe(userId, variables);
    await waitForListeners(app, registered + 1);
    return feed;
  };
  const runToCompletion = async (scope: RunScope) => {
    const run = await launchTestRun(app, scope, { steps: 1, ms: 20 });
    await waitForCompletedRun(app, run.id);
    return run.id;
  };
  /** The feed holds exactly `rows` (compared by cursor, in order), and nothing arrives late. */
  const expectExactly = async (feed: SubscriptionFeed<RunEventShape>, rows: OutboxRow[]) => {
    await feed.waitForEvents(rows.length);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(feed.events.map((event) => [event.cursor, event.kind, event.run.id])).toEqual(rows.map((row) => [row.cursor, row.kind, row.runId]));
  };

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

  it('delivers to each subscriber exactly the events of runs in its visible scope, live and on replay, while runs of A1, A2 and B1 interleave', async () => {
    const operator = await subscribeLive(world.users.operatorA, { workspaceId: world.workspaceA });
    const ownerA = await subscribeLive(world.users.ownerA, { workspaceId: world.workspaceA });
    const ownerB = await subscribeLive(world.users.ownerB, { workspaceId: world.workspaceB });

    const { workspaceA, workspaceB, tenantA1, tenantA2, tenantB1, users } = world;
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

    const rowsA = await outboxRows(app, workspaceA, RUN_EVENT_KINDS);
    const rowsB = await outboxRows(app, workspaceB, RUN_EVENT_KINDS);
    const operatorRows = rowsA.filter((row) => row.tenantId === tenantA1 || row.tenantId === null);
    expect(operatorRows.length).toBeLessThan(rowsA.length);
    await expectExactly(operator, operatorRows);
    await expectExactly(ownerA, rowsA);
    await expectExactly(ownerB, rowsB);
    for (const event of operator.events) {
      expect(event.run.workspace.id).toBe(workspaceA);
      expect([tenantA1, undefined]).toContain(event.run.tenant?.id);
    }
    for (const event of ownerB.events) expect(event.run.workspace.id).toBe(workspaceB);
    for (const feed of [operator, ownerA, ownerB]) expect(feed.errors).toEqual([]);

    const replay = await subscribe(users.operatorA, { workspaceId: workspaceA, after: operator.events[0]!.cursor });
    await expectExactly(replay, operatorRows.slice(1));
  });

  it('judges every event by the authorization the subscriber has now: a revoked grant stops its events, a new grant starts them', async () => {
    const ownerToken = await app.token(world.users.ownerA);
    const access = { tenantId: world.tenantA1, userId: world.users.operatorA };
    const operator = await subscribeLive(world.users.operatorA, { workspaceId: world.workspaceA });
    const before = await runToCompletion({ workspaceId: world.workspaceA, tenantId: world.tenantA1 });
    const beforeRows = (await outboxRows(app, world.workspaceA, RUN_EVENT_KINDS)).filter((row) => row.runId === before);
    await operator.waitForEvents(beforeRows.length);

    expect((await app.gql(TENANT_ACCESS('revoke'), { input: access }, ownerToken)).errors).toBeUndefined();
    const hidden = await runToCompletion({ workspaceId: world.workspaceA, tenantId: world.tenantA1 });
    expect((await app.gql(TENANT_ACCESS('grant'), { input: { tenantId: world.tenantA2, userId: world.users.operatorA } }, ownerToken)).errors).toBeUndefined();
    const granted = await runToCompletion({ workspaceId: world.workspaceA, tenantId: world.tenantA2 });

    const rows = await outboxRows(app, world.workspaceA, RUN_EVENT_KINDS);
    expect(rows.some((row) => row.runId === hidden)).toBe(true);
    await expectExactly(operator, rows.filter((row) => row.runId === before || row.runId === granted));
  });

  it('refuses, as NOT_FOUND, subscriptions to a sibling tenant, a run of it, another workspace or a workspace of which the user is no member', async () => {
    const siblingRun = await launchTestRun(app, { workspaceId: world.workspaceA, tenantId: world.tenantA2 });
    const refused = [
      await subscribe(world.users.readonlyA, { workspaceId: world.workspaceA, tenantId: world.tenantA2 }),
      await subscribe(world.users.readonlyA, { workspaceId: world.workspaceA, runId: siblingRun.id }),
      await subscribe(world.users.ownerB, { workspaceId: world.workspaceA }),
      await subscribe(world.users.outsider, { workspaceId: world.workspaceA }),
    ];
    const outsider = await connectSubscriber(app.url, await app.token(world.users.outsider));
    sockets.push(outsider);
    refused.push(outsider.subscribe(SNAPSHOT_EVENTS, { workspaceId: world.workspaceA }));
    for (const feed of refused) {
      const [error] = await feed.waitForErrors();
      expect(error!.extensions?.code).toBe('NOT_FOUND');
      expect(feed.events).toEqual([]);
    }
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { riskScoreOf } from '../../../gateway/risk-subgraph.js';
import { RUN_EVENT_KINDS } from '../../../src/outbox/kinds.js';
import { startHiveGateway, type HiveGateway } from '../../support/hive-gateway.js';
import { outboxRows } from '../../support/outbox-rows.js';
import { SseSubscription } from '../../support/sse-subscription.js';
import { useLiveSuite } from '../../support/live-suite.js';
import { connectSubscriber } from '../../support/subscription-client.js';
import { RUN_EVENTS, type RunEventShape } from '../../support/subscription-documents.js';
import { waitForListeners } from '../../support/subscription-ready.js';
import type { GraphQLErrorShape } from '../../support/test-app.js';
import { createUnqueuedRun, waitForCompletedRun } from '../../support/test-runs.js';
import { waitFor } from '../../support/wait-for.js';

const GATEWAY_SECRET = 'gateway-secret-that-is-long-enough-for-the-test';
const LIMITS = { GATEWAY_SECRET, MAX_SUBSCRIPTIONS_PER_SOCKET: '2', MAX_SUBSCRIPTIONS_PER_USER: '4' };

/** Run events with a field the risk subgraph resolves (`riskScore`) joined to each event's tenant. */
const JOINED_RUN_EVENTS = `
  subscription JoinedRunEvents($workspaceId: ID!, $tenantId: ID, $after: String) {
    operationRunEvents(workspaceId: $workspaceId, tenantId: $tenantId, after: $after) {
      cursor
      kind
      run { id status tenant { id name riskScore } }
    }
  }`;

interface JoinedRunEvent {
  cursor: string;
  kind: string;
  run: { id: string; status: string; tenant: { id: string; name: string; riskScore: number } | null };
}

const REPORT = `mutation ($input: ReportInventoryInput!) { reportInventory(input: $input) { syncToken } }`;
const CAPTURE = `mutation ($profileId: ID!, $sourceTenantId: ID!) {
  startBaselineCapture(profileId: $profileId, sourceTenantId: $sourceTenantId) { __typename ... on CaptureStarted { run { id } } }
}`;
const CREATE_TENANT = `mutation ($input: CreateTenantInput!) { createTenant(input: $input) { id } }`;
/** run (2) + 3 × workspace/tenants/edges/node (12) + name: 15 levels, over GRAPHQL_MAX_DEPTH. */
const TOO_DEEP = `subscription ($workspaceId: ID!) { operationRunEvents(workspaceId: $workspaceId) { run { ${Array.from({ length: 3 }).reduce<string>(
  (inner) => `workspace { tenants(first: 1) { edges { node { ${inner} } } } }`,
  'name',
)} } } }`;

const refusals = (errors: GraphQLErrorShape[] | undefined) => (errors ?? []).map((error) => ({ message: error.message, code: error.extensions?.code }));

describe('tenantgraph behind Hive Gateway (npm run gateway)', () => {
  const live = useLiveSuite({ worker: true, env: LIMITS });
  let gateway: HiveGateway;
  const sockets = live.sockets;

  /** A graphql-ws client of the gateway, authenticated in connection_init like a browser's. */
  const subscriber = async (token: string) => {
    const socket = await connectSubscriber(gateway.url, token);
    sockets.push(socket);
    return socket;
  };
  const listeners = () => live.app.http.hub.listenerCount;

  beforeAll(async () => {
    gateway = await startHiveGateway(live.app.url, GATEWAY_SECRET);
  });
  afterAll(async () => {
    await gateway?.stop();
  });
  /**
   * The gateway ends its upstream operations some time after a client unsubscribes or leaves: each
   * test closes its sockets and waits for the hub to hold none, so the next test counts from zero
   * and not from a number that is still falling.
   */
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.close()));
    await waitFor(async () => listeners() === 0, 20_000, 25, 'the closed sockets’ subscriptions to end upstream');
  });

  it('joins our tenant fields with the risk subgraph’s riskScore for a caller authenticated by the forwarded bearer token', async () => {
    const token = await live.app.token(live.world.users.ownerA);

    const result = await gateway.gql(`{ tenant(id: "${live.world.tenantA1}") { name riskScore workspace { name } } }`, {}, token);

    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ tenant: { name: 'Alpha', riskScore: riskScoreOf(live.world.tenantA1), workspace: { name: 'Workspace A' } } });
  });

  it('answers NOT_FOUND, FORBIDDEN and UNAUTHENTICATED through the gateway with the code and message tenantgraph gives directly', async () => {
    const [owner, readonly] = [await live.app.token(live.world.users.ownerA), await live.app.token(live.world.users.readonlyA)];
    const cases: [string, Record<string, unknown>, string | null, string][] = [
      [`{ tenant(id: "${live.world.tenantB1}") { name } }`, {}, owner, 'NOT_FOUND'],
      [CREATE_TENANT, { input: { workspaceId: live.world.workspaceA, name: 'Echo', externalTenantId: 'echo.example' } }, readonly, 'FORBIDDEN'],
      [`{ tenant(id: "${live.world.tenantA1}") { name } }`, {}, null, 'UNAUTHENTICATED'],
    ];

    for (const [query, variables, token, code] of cases) {
      const [direct, through] = [await live.app.gql(query, variables, token), await gateway.gql(query, variables, token)];
      expect(
        refusals(direct.errors).map((refusal) => refusal.code),
        query,
      ).toEqual([code]);
      expect(refusals(through.errors), query).toEqual(refusals(direct.errors));
    }
  });

  it('delivers QUEUED → STARTED → COMPLETED of a capture started through the gateway, over WebSocket and SSE, with riskScore joined to every event', async () => {
    const token = await live.app.token(live.world.users.ownerA);
    const variables = { workspaceId: live.world.workspaceA, tenantId: live.world.tenantA1 };
    const socket = await subscriber(token);
    const overWebSocket = socket.subscribe<JoinedRunEvent>(JOINED_RUN_EVENTS, variables);
    const overSse = new SseSubscription<JoinedRunEvent>(gateway.url, JOINED_RUN_EVENTS, variables, token);
    await waitForListeners(live.app, 2);

    const items = [1, 2, 3].map((n) => ({ policyType: 'deviceConfiguration', externalId: `gw-${n}`, displayName: `Policy ${n}`, payload: { n } }));
    expect((await gateway.gql(REPORT, { input: { tenantId: live.world.tenantA1, complete: true, items } }, token)).errors).toBeUndefined();
    const started = await gateway.gql(CAPTURE, { profileId: live.world.profileA, sourceTenantId: live.world.tenantA1 }, token);
    expect(started.data.startBaselineCapture.__typename).toBe('CaptureStarted');
    const runId = started.data.startBaselineCapture.run.id as string;
    expect((await waitForCompletedRun(live.app, runId, 30_000)).outcome).toBe('succeeded');

    const rows = (await outboxRows(live.app, live.world.workspaceA, RUN_EVENT_KINDS)).filter((row) => row.runId === runId);
    expect(rows.map((row) => row.kind).filter((kind) => kind !== 'PROGRESS')).toEqual(['QUEUED', 'STARTED', 'COMPLETED']);
    const tenant = { id: live.world.tenantA1, name: 'Alpha', riskScore: riskScoreOf(live.world.tenantA1) };
    for (const feed of [overWebSocket, overSse]) {
      const events = await feed.waitForEvents(rows.length);
      expect(events.map((event) => [event.cursor, event.kind, event.run.id, event.run.tenant])).toEqual(
        rows.map((row) => [row.cursor, row.kind, runId, tenant]),
      );
      expect(events.at(-1)!.run.status).toBe('COMPLETED');
      expect(feed.errors).toEqual([]);
    }
    await overSse.close();

    const resumed = socket.subscribe<JoinedRunEvent>(JOINED_RUN_EVENTS, { ...variables, after: rows[0]!.cursor });
    await resumed.waitForEvents(rows.length - 1);
    const marker = await createUnqueuedRun(live.app, variables);
    const replayed = await resumed.waitForEvents(rows.length);
    expect(replayed.map((event) => event.cursor)).toEqual([...rows.slice(1).map((row) => row.cursor), replayed.at(-1)!.cursor]);
    expect(replayed.at(-1)!.run.id).toBe(marker.id);
    overWebSocket.unsubscribe();
    resumed.unsubscribe();
  });

  it('keeps two users on one gateway apart: each gets only what they are entitled to, and another workspace is NOT_FOUND as directly', async () => {
    const [operator, outsider] = [await live.app.token(live.world.users.operatorA), await live.app.token(live.world.users.ownerB)];
    const operatorFeed = (await subscriber(operator)).subscribe<RunEventShape>(RUN_EVENTS, { workspaceId: live.world.workspaceA });
    const outsiderSocket = await subscriber(outsider);
    const outsiderFeed = outsiderSocket.subscribe<RunEventShape>(RUN_EVENTS, { workspaceId: live.world.workspaceB });
    await waitForListeners(live.app, 2);

    const trespass = outsiderSocket.subscribe(RUN_EVENTS, { workspaceId: live.world.workspaceA });
    const directSocket = await connectSubscriber(live.app.url, outsider);
    sockets.push(directSocket);
    const direct = directSocket.subscribe(RUN_EVENTS, { workspaceId: live.world.workspaceA });
    expect(refusals(await trespass.waitForErrors())).toEqual(refusals(await direct.waitForErrors()));
    expect(refusals(trespass.errors).map((refusal) => refusal.code)).toEqual(['NOT_FOUND']);

    const hidden = await createUnqueuedRun(live.app, { workspaceId: live.world.workspaceA, tenantId: live.world.tenantA2 });
    const visible = await createUnqueuedRun(live.app, { workspaceId: live.world.workspaceA, tenantId: live.world.tenantA1 });
    const other = await createUnqueuedRun(live.app, { workspaceId: live.world.workspaceB, tenantId: live.world.tenantB1 });
    expect((await operatorFeed.waitForEvents(1)).map((event) => event.run.id)).toEqual([visible.id]);
    expect((await outsiderFeed.waitForEvents(1)).map((event) => event.run.id)).toEqual([other.id]);
    expect(JSON.stringify([operatorFeed.events, outsiderFeed.events])).not.toContain(hidden.id);
  });

  it('refuses the subscription beyond MAX_SUBSCRIPTIONS_PER_USER with SUBSCRIPTION_LIMIT and its message, however the gateway multiplexes', async () => {
    const token = await live.app.token(live.world.users.managerA);
    const [first, second] = [await subscriber(token), await subscriber(token)];
    const feeds = [first, first, second, second].map((socket) => socket.subscribe<RunEventShape>(RUN_EVENTS, { workspaceId: live.world.workspaceA }));
    await waitForListeners(live.app, 4);

    const beyond = second.subscribe(RUN_EVENTS, { workspaceId: live.world.workspaceA });

    expect(refusals(await beyond.waitForErrors())).toEqual([
      { message: 'At most 4 subscriptions may run at once for one user, over all their connections; complete some first.', code: 'SUBSCRIPTION_LIMIT' },
    ]);
    const run = await createUnqueuedRun(live.app, { workspaceId: live.world.workspaceA, tenantId: live.world.tenantA1 });
    for (const feed of feeds) expect((await feed.waitForEvents(1)).map((event) => event.run.id)).toEqual([run.id]);
  });

  it('passes refusals made while authenticating and subscribing on to the client with their code and message', async () => {
    const token = await live.app.token(live.world.users.ownerB);
    const directSocket = await connectSubscriber(live.app.url, token);
    sockets.push(directSocket);
    const direct = directSocket.subscribe(TOO_DEEP, { workspaceId: live.world.workspaceB });
    const through = (await subscriber(token)).subscribe(TOO_DEEP, { workspaceId: live.world.workspaceB });
    expect(refusals(await through.waitForErrors())).toEqual(refusals(await direct.waitForErrors()));
    expect(refusals(through.errors)).toEqual([
      { message: 'The operation is nested 15 levels deep; the maximum is 12. Split it into smaller queries.', code: 'BAD_USER_INPUT' },
    ]);

    const malformed = (await subscriber('not-a-jwt')).subscribe(RUN_EVENTS, { workspaceId: live.world.workspaceB });
    expect(refusals(await malformed.waitForErrors())).toEqual([{ message: 'The bearer token is not a JWT.', code: 'UNAUTHENTICATED' }]);
  });

  it('ends a live subscription whose token expires with UNAUTHENTICATED and the reason', async () => {
    const feed = (await subscriber(await live.app.token(live.world.users.readonlyA, 8))).subscribe<RunEventShape>(RUN_EVENTS, {
      workspaceId: live.world.workspaceA,
    });
    await waitForListeners(live.app, 1);

    expect(refusals(await feed.waitForErrors(20_000))).toEqual([{ message: 'The bearer token expired; reconnect with a new token.', code: 'UNAUTHENTICATED' }]);
    await waitFor(async () => listeners() === 0, 10_000, 25, 'the expired subscription to end upstream');
  });
});

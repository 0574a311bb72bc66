import { describe, expect, it } from 'vitest';
import { useLiveSuite } from '../../support/live-suite.js';
import { connectSubscriber } from '../../support/subscription-client.js';
import { RUN_EVENTS, SNAPSHOT_EVENTS, type RunEventShape } from '../../support/subscription-documents.js';
import { waitForListeners } from '../../support/subscription-ready.js';
import { createUnqueuedRun } from '../../support/test-runs.js';

/** Each class of bad subscription input gets a GraphQL error a person can act on, and the socket stays usable. */
describe('bad subscription input', () => {
  const live = useLiveSuite();

  const socketOfOwner = async () => {
    const socket = await connectSubscriber(live.app.url, await live.app.token(live.world.users.ownerA));
    live.sockets.push(socket);
    return socket;
  };

  it('rejects ids that are not ids and over-long type filters with BAD_USER_INPUT, naming the argument', async () => {
    const socket = await socketOfOwner();
    const cases = [
      { feed: socket.subscribe(RUN_EVENTS, { workspaceId: 'workspace-a' }), message: /"workspaceId" is not a valid ID/ },
      { feed: socket.subscribe(RUN_EVENTS, { workspaceId: live.world.workspaceA, tenantId: '42' }), message: /"tenantId" is not a valid ID/ },
      { feed: socket.subscribe(SNAPSHOT_EVENTS, { workspaceId: live.world.workspaceA, profileId: 'x' }), message: /"profileId" is not a valid ID/ },
      {
        feed: socket.subscribe(
          `subscription ($workspaceId: ID!, $types: [String!]) { operationRunEvents(workspaceId: $workspaceId, types: $types) { cursor } }`,
          {
            workspaceId: live.world.workspaceA,
            types: Array.from({ length: 51 }, (_, i) => `type.${i}`),
          },
        ),
        message: /types may list at most 50 operation types/,
      },
    ];
    for (const { feed, message } of cases) {
      const [error] = await feed.waitForErrors();
      expect(error!.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error!.message).toMatch(message);
      expect(feed.events).toEqual([]);
    }
    expect(socket.closedWith).toBeNull();
  });

  it('rejects a document that does not validate with GRAPHQL_VALIDATION_FAILED and keeps serving the socket', async () => {
    const socket = await socketOfOwner();
    const invalid = socket.subscribe(`subscription { operationRunEvents(workspaceId: "${live.world.workspaceA}") { cursor noSuchField } }`, {});
    const [error] = await invalid.waitForErrors();
    expect(error!.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error!.message).toMatch(/noSuchField/);

    const registered = live.app.http.hub.listenerCount;
    const valid = socket.subscribe<RunEventShape>(RUN_EVENTS, { workspaceId: live.world.workspaceA });
    await waitForListeners(live.app, registered + 1);
    const marker = await createUnqueuedRun(live.app, { workspaceId: live.world.workspaceA, tenantId: live.world.tenantA1 });
    expect(await valid.eventsBefore((event) => event.run.id === marker.id)).toEqual([]);
    expect(valid.errors).toEqual([]);
    expect(socket.closedWith).toBeNull();
  });

  it('applies the depth limit of queries to subscriptions: BAD_USER_INPUT before anything runs', async () => {
    const socket = await socketOfOwner();
    // run(2) + 3 × workspace/tenants/edges/node (14) + name (15)
    const nested = Array.from({ length: 3 }).reduce<string>((inner) => `workspace { tenants(first: 1) { edges { node { ${inner} } } } }`, 'name');
    const deep = socket.subscribe(`subscription ($workspaceId: ID!) { operationRunEvents(workspaceId: $workspaceId) { run { ${nested} } } }`, {
      workspaceId: live.world.workspaceA,
    });
    const [error] = await deep.waitForErrors();
    expect(error).toMatchObject({
      message: 'The operation is nested 15 levels deep; the maximum is 12. Split it into smaller queries.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(socket.closedWith).toBeNull();
  });

  it('answers a subscription sent over HTTP with BAD_USER_INPUT saying where subscriptions are served', async () => {
    const token = await live.app.token(live.world.users.ownerA);
    const result = await live.app.gql(`subscription { operationRunEvents(workspaceId: "${live.world.workspaceA}") { cursor } }`, {}, token);
    expect(result.status).toBe(400);
    expect(result.errors).toEqual([
      {
        message: 'Subscriptions are served over WebSocket (graphql-ws) at /graphql; send queries and mutations over HTTP.',
        extensions: { code: 'BAD_USER_INPUT' },
      },
    ]);
  });
});

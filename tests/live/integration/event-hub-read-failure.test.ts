import { createClient, type Client } from 'graphql-ws';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createUnqueuedRun } from '../../support/test-runs.js';
import { useApp } from '../../support/use-app.js';
import { waitFor } from '../../support/wait-for.js';

const EVENTS = `subscription($workspaceId: ID!) { operationRunEvents(workspaceId: $workspaceId) { cursor kind run { id } } }`;

interface Received {
  cursor: string;
  kind: string;
  run: { id: string };
}

/**
 * The live tail loads every subscriber's authorization before it hands out a batch. When that load
 * fails (here: the memberships table is unreachable, as during a database outage), the batch is not
 * a refusal: it is read again once the database answers, and no subscriber misses an event.
 */
describe('the live event tail when authorizations cannot be loaded', () => {
  const suite = useApp();
  let client: Client;

  afterAll(async () => {
    await client?.dispose();
  });

  const setMembershipsReachable = (reachable: boolean) =>
    suite.app
      .em()
      .getConnection()
      .execute(
        reachable
          ? 'alter table workspace_memberships_unreachable rename to workspace_memberships'
          : 'alter table workspace_memberships rename to workspace_memberships_unreachable',
      );

  it('delivers the batch it could not authorize once the database answers again, in order, without a gap', async () => {
    client = createClient({
      url: suite.app.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${await suite.app.token(suite.world.users.ownerA)}` },
      retryAttempts: 0,
    });
    const received: Received[] = [];
    const ended: unknown[] = [];
    client.subscribe<{ operationRunEvents: Received }>(
      { query: EVENTS, variables: { workspaceId: suite.world.workspaceA } },
      {
        next: ({ data }) => void received.push(data!.operationRunEvents),
        error: (error) => void ended.push(error),
        complete: () => void ended.push('complete'),
      },
    );
    await waitFor(async () => suite.app.http.hub.listenerCount === 1, 10_000, 20, 'the subscription to register');
    const scope = { workspaceId: suite.world.workspaceA, tenantId: suite.world.tenantA1 };

    const before = await createUnqueuedRun(suite.app, scope);
    await waitFor(async () => received.length === 1, 10_000, 20, 'the first QUEUED event');

    await setMembershipsReachable(false);
    const failuresBefore = suite.app.http.hub.readFailures;
    let during;
    try {
      during = await createUnqueuedRun(suite.app, scope);
      await waitFor(async () => suite.app.http.hub.readFailures > failuresBefore, 10_000, 20, 'the tail to fail loading the subscriber’s authorization');
    } finally {
      await setMembershipsReachable(true);
    }
    const after = await createUnqueuedRun(suite.app, scope);
    await waitFor(async () => received.some((event) => event.run.id === after.id), 10_000, 20, 'the QUEUED event written after the database answered');

    expect(received.map((event) => event.run.id)).toEqual([before.id, during.id, after.id]);
    expect(ended).toEqual([]);
  });
});

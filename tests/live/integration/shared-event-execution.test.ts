import { createClient, type Client } from 'graphql-ws';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createUnqueuedRun } from '../../support/test-runs.js';
import { useApp } from '../../support/use-app.js';
import { waitFor } from '../../support/wait-for.js';

/** One document for every subscription: they differ only in variables (and in who subscribes). */
const EVENTS = `subscription($workspaceId: ID!, $tenantId: ID, $withCounts: Boolean!) {
  operationRunEvents(workspaceId: $workspaceId, tenantId: $tenantId) {
    cursor kind
    run { id workspace { viewerRole } summaryCounts @include(if: $withCounts) { key value } }
  }
}`;

interface Received {
  cursor: string;
  kind: string;
  run: { id: string; workspace: { viewerRole: string }; summaryCounts?: unknown[] };
}

describe('rules 7 and 8: subscriptions share an event execution only when they would get the same answer', () => {
  const suite = useApp();
  const clients: Client[] = [];

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
  });

  async function subscribe(userId: string, variables: Record<string, unknown>): Promise<Received[]> {
    const token = await suite.app.token(userId);
    const client = createClient({
      url: suite.app.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    clients.push(client);
    const received: Received[] = [];
    client.subscribe<{ operationRunEvents: Received }>(
      { query: EVENTS, variables: { workspaceId: suite.world.workspaceA, ...variables } },
      { next: ({ data }) => void received.push(data!.operationRunEvents), error: () => undefined, complete: () => undefined },
    );
    return received;
  }

  it('gives each subscriber its own authorization and selection, and the same event to subscriptions differing only in stream arguments', async () => {
    const owner = await subscribe(suite.world.users.ownerA, { withCounts: true });
    const ownerOfTenant = await subscribe(suite.world.users.ownerA, { withCounts: true, tenantId: suite.world.tenantA1 });
    const ownerWithoutCounts = await subscribe(suite.world.users.ownerA, { withCounts: false });
    const readonly = await subscribe(suite.world.users.readonlyA, { withCounts: true });
    await waitFor(async () => suite.app.http.hub.listenerCount === 4, 10_000, 20, 'the four subscriptions to register');

    const run = await createUnqueuedRun(suite.app, { workspaceId: suite.world.workspaceA, tenantId: suite.world.tenantA1 });
    await waitFor(async () => [owner, ownerOfTenant, ownerWithoutCounts, readonly].every((events) => events.length === 1), 10_000, 20, 'the QUEUED event');

    const [event] = owner;
    expect(event).toMatchObject({ kind: 'QUEUED', run: { id: run.id, workspace: { viewerRole: 'OWNER' }, summaryCounts: [] } });
    expect(ownerOfTenant).toEqual([event]);
    expect(ownerWithoutCounts).toEqual([{ cursor: event!.cursor, kind: 'QUEUED', run: { id: run.id, workspace: { viewerRole: 'OWNER' } } }]);
    expect(readonly).toEqual([{ ...event, run: { ...event!.run, workspace: { viewerRole: 'READONLY' } } }]);
  });
});

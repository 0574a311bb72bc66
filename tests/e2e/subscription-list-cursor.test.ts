import { beforeAll, describe, expect, it } from 'vitest';
import { RUN_EVENT_KINDS } from '../../src/domain/event-kinds.js';
import { outboxRows } from '../support/outbox-rows.js';
import { connectSubscriber } from '../support/subscription-client.js';
import { RUN_EVENTS, type RunEventShape } from '../support/subscription-documents.js';
import { createUnqueuedRun } from '../support/test-runs.js';
import { useLiveSuite } from '../support/live-suite.js';

const LIST_WITH_CURSOR = `query($workspaceId: ID!) { operationRuns(workspaceId: $workspaceId, first: 50) { eventCursor edges { node { id } } } }`;

describe('a list read hands out an event cursor so a subscriber that starts from it misses no transition between the read and the subscription', () => {
  const live = useLiveSuite();
  let token: string;

  const readList = async () => {
    const result = await live.app.gql(LIST_WITH_CURSOR, { workspaceId: live.world.workspaceA }, token);
    expect(result.errors).toBeUndefined();
    return result.data.operationRuns as { eventCursor: string; edges: { node: { id: string } }[] };
  };

  beforeAll(async () => {
    token = await live.app.token(live.world.users.ownerA);
  });

  it('subscribing after the list cursor delivers exactly the transitions that happened after the list was read', async () => {
    const before = await createUnqueuedRun(live.app, { workspaceId: live.world.workspaceA, tenantId: live.world.tenantA1 });
    const list = await readList();
    expect(list.edges.map((edge) => edge.node.id)).toContain(before.id);
    expect(list.eventCursor).not.toBe('');

    const later: { id: string }[] = [];
    for (let i = 0; i < 3; i++) later.push(await createUnqueuedRun(live.app, { workspaceId: live.world.workspaceA, tenantId: live.world.tenantA1 }));

    const socket = await connectSubscriber(live.app.url, token);
    live.sockets.push(socket);
    const feed = socket.subscribe<RunEventShape>(RUN_EVENTS, { workspaceId: live.world.workspaceA, after: list.eventCursor });
    const marker = await createUnqueuedRun(live.app, { workspaceId: live.world.workspaceA, tenantId: live.world.tenantA1 });
    const events = await feed.eventsBefore((event) => event.run.id === marker.id);

    expect(events.map((event) => event.run.id)).toEqual(later.map((run) => run.id));
    const rows = await outboxRows(live.app, live.world.workspaceA, RUN_EVENT_KINDS);
    expect(events.map((event) => event.cursor)).toEqual(rows.filter((row) => later.some((run) => run.id === row.runId)).map((row) => row.cursor));
  });

  it('the cursor of a list with nothing new after it yields no replayed events', async () => {
    const list = await readList();
    const socket = await connectSubscriber(live.app.url, token);
    live.sockets.push(socket);
    const feed = socket.subscribe<RunEventShape>(RUN_EVENTS, { workspaceId: live.world.workspaceA, after: list.eventCursor });
    const next = await createUnqueuedRun(live.app, { workspaceId: live.world.workspaceA, tenantId: live.world.tenantA1 });
    expect(await feed.eventsBefore((event) => event.run.id === next.id)).toEqual([]);
  });
});

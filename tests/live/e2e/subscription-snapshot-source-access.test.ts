import { describe, expect, it } from 'vitest';
import { SNAPSHOT_EVENT_KINDS } from '../../../src/outbox/kinds.js';
import { captureAndWait } from '../../support/baseline-operations.js';
import { policies, replaceInventory } from '../../support/baseline-fixture.js';
import { useLiveSuite } from '../../support/live-suite.js';
import { outboxRows } from '../../support/outbox-rows.js';
import { connectSubscriber } from '../../support/subscription-client.js';
import { waitForListeners } from '../../support/subscription-ready.js';

const SOURCE_EVENTS = `
  subscription ($workspaceId: ID!, $profileId: ID) {
    baselineSnapshotEvents(workspaceId: $workspaceId, profileId: $profileId) {
      cursor
      kind
      snapshot { id sourceTenant { id } summary completionMeta items(first: 10) { edges { node { subjectExternalId meta } } } }
    }
  }`;

interface SourceEvent {
  cursor: string;
  kind: string;
  snapshot: {
    id: string;
    sourceTenant: { id: string } | null;
    summary: Record<string, unknown>;
    completionMeta: Record<string, unknown> | null;
    items: { edges: { node: { subjectExternalId: string; meta: unknown } }[] };
  };
}

describe('baseline snapshot events follow the snapshot source rule of queries', () => {
  const live = useLiveSuite({ worker: true });

  const subscribeLive = async (userId: string) => {
    const registered = live.app.http.hub.listenerCount;
    const socket = await connectSubscriber(live.app.url, await live.app.token(userId));
    live.sockets.push(socket);
    const feed = socket.subscribe<SourceEvent>(SOURCE_EVENTS, { workspaceId: live.world.workspaceA, profileId: live.world.profileA });
    await waitForListeners(live.app, registered + 1);
    return feed;
  };

  it('a capture from tenant A2 reaches a member granted only A1 without payloads, source tenant or capture run; the owner gets them', async () => {
    const { world } = live;
    const owner = await subscribeLive(world.users.ownerA);
    const readonly = await subscribeLive(world.users.readonlyA);
    const token = await live.app.token(world.users.ownerA);
    const inventory = policies(2, 'src');
    await replaceInventory(live.app, token, world.tenantA2, inventory);
    const run = await captureAndWait(live.app, token, world.profileA, world.tenantA2);
    expect(run.outcome).toBe('succeeded');

    const rows = await outboxRows(live.app, world.workspaceA, SNAPSHOT_EVENT_KINDS);
    await Promise.all([owner.waitForEvents(rows.length), readonly.waitForEvents(rows.length)]);
    expect([owner.errors, readonly.errors]).toEqual([[], []]);
    const complete = (events: SourceEvent[]) => events.find((event) => event.kind === 'COMPLETE')!.snapshot;

    const subjects = inventory.map((policy) => policy.externalId);
    expect(complete(owner.events)).toMatchObject({
      sourceTenant: { id: world.tenantA2 },
      summary: { source_tenant_id: world.tenantA2, total_items: 2 },
      completionMeta: { producerRunId: run.id },
      items: { edges: inventory.map((policy) => ({ node: { subjectExternalId: policy.externalId, meta: { payload: policy.payload } } })) },
    });

    const seenByReadonly = complete(readonly.events);
    expect(seenByReadonly.items.edges).toEqual(subjects.map((subjectExternalId) => ({ node: { subjectExternalId, meta: null } })));
    expect(seenByReadonly.summary).toMatchObject({ total_items: 2 });
    for (const { snapshot } of readonly.events) {
      expect(snapshot.sourceTenant).toBeNull();
      expect(snapshot.summary).not.toHaveProperty('source_tenant_id');
      expect(snapshot.completionMeta).not.toHaveProperty('producerRunId');
      expect(snapshot.items.edges.every((edge) => edge.node.meta === null)).toBe(true);
    }
  });
});

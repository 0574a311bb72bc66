import { describe, expect, it } from 'vitest';
import { UserSchema } from '../../../src/modules/workspaces/entities/user.js';
import { notificationRows } from '../../support/outbox-rows.js';
import { connectSubscriber } from '../../support/subscription-client.js';
import { MY_NOTIFICATIONS, type NotificationEventShape } from '../../support/subscription-documents.js';
import { waitForListeners } from '../../support/subscription-ready.js';
import { launchTestRun, waitForCompletedRun } from '../../support/test-runs.js';
import { useLiveSuite } from '../../support/live-suite.js';

const ADD_MEMBER = `mutation($input: AddWorkspaceMemberInput!) { addWorkspaceMember(input: $input) { role } }`;
const REMOVE_MEMBER = `mutation($input: RemoveWorkspaceMemberInput!) { removeWorkspaceMember(input: $input) { removedUserId } }`;

describe('myNotifications follows the user, not the workspaces they belonged to when they subscribed', () => {
  const live = useLiveSuite({ worker: true });

  it('a user who joins a workspace after subscribing receives its notifications, and none once they leave it', async () => {
    const newcomer = live.world.users.outsider;
    const socket = await connectSubscriber(live.app.url, await live.app.token(newcomer));
    live.sockets.push(socket);
    const feed = socket.subscribe<NotificationEventShape>(MY_NOTIFICATIONS, {});
    await waitForListeners(live.app, 1);

    const ownerB = await live.app.token(live.world.users.ownerB);
    const { email } = await live.app.em().findOneOrFail(UserSchema, { id: newcomer });
    const added = await live.app.gql(ADD_MEMBER, { input: { workspaceId: live.world.workspaceB, email, role: 'MANAGER' } }, ownerB);
    expect(added.errors).toBeUndefined();

    const whileMember = await launchTestRun(live.app, { workspaceId: live.world.workspaceB, tenantId: live.world.tenantB1, initiatorId: newcomer });
    await waitForCompletedRun(live.app, whileMember.id);
    const [delivered] = await feed.waitForEvents(1);
    expect(delivered!.notification.run?.id).toBe(whileMember.id);
    expect(delivered!.cursor).toBe((await notificationRows(live.app, newcomer)).at(-1)!.cursor);

    const removed = await live.app.gql(REMOVE_MEMBER, { input: { workspaceId: live.world.workspaceB, userId: newcomer } }, ownerB);
    expect(removed.errors).toBeUndefined();
    const afterLeaving = await launchTestRun(live.app, { workspaceId: live.world.workspaceB, tenantId: live.world.tenantB1, initiatorId: newcomer });
    await waitForCompletedRun(live.app, afterLeaving.id);
    expect(await notificationRows(live.app, newcomer)).toHaveLength(2);
    // The marker: back as a member, the user's next notification arrives; one sent while they were
    // away would have arrived before it.
    expect((await live.app.gql(ADD_MEMBER, { input: { workspaceId: live.world.workspaceB, email, role: 'MANAGER' } }, ownerB)).errors).toBeUndefined();
    const marker = await launchTestRun(live.app, { workspaceId: live.world.workspaceB, tenantId: live.world.tenantB1, initiatorId: newcomer });
    const beforeMarker = await feed.eventsBefore((event) => event.notification.run?.id === marker.id);
    expect(beforeMarker.map((event) => event.notification.run?.id)).toEqual([whileMember.id]);
    expect(feed.errors).toEqual([]);
  });
});

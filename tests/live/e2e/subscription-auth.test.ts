import { afterAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../../src/modules/workspaces/auth/tokens.js';
import { newId } from '../../../src/platform/ids.js';
import { UserSchema } from '../../../src/modules/workspaces/entities/user.js';
import { WorkspaceMembershipSchema } from '../../../src/modules/workspaces/entities/workspace-membership.js';
import { SubscriptionSocket, webSocketUrl } from '../../support/subscription-client.js';
import { RUN_EVENTS, type RunEventShape } from '../../support/subscription-documents.js';
import { waitForListeners } from '../../support/subscription-ready.js';
import { createUnqueuedRun } from '../../support/test-runs.js';
import { useApp } from '../../support/use-app.js';
import { testEmail } from '../../support/test-email.js';

const THIRTY_DAYS = 30 * 24 * 3600;

describe('subscription sockets authenticate in connection_init and end when the authentication does', () => {
  const suite = useApp();
  const sockets: SubscriptionSocket[] = [];

  const open = (token: string | null) => {
    const socket = new SubscriptionSocket(webSocketUrl(suite.app.url), token);
    sockets.push(socket);
    return socket;
  };
  const refusal = async (token: string | null) => open(token).waitForClose();
  const userWithoutRows = async () => {
    const id = newId();
    const em = suite.app.em();
    em.create(UserSchema, { id, email: testEmail('gone', id), displayName: 'Gone' });
    await em.flush();
    return id;
  };

  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
  });

  it('closes with 4401 and a readable reason when the token is missing, malformed, forged, expired or names a deleted user', async () => {
    const forged = await issueToken({ ...suite.app.config.auth, jwtSecret: 'another-secret-that-is-long-enough-for-hs256' }, suite.world.users.ownerA);
    const expired = await suite.app.token(suite.world.users.ownerA, -60);
    const deletedUser = await userWithoutRows();
    const deletedUsersToken = await suite.app.token(deletedUser);
    await suite.app.em().nativeDelete(UserSchema, { id: deletedUser });

    expect(await refusal(null)).toEqual({ code: 4401, reason: 'Missing bearer token: send { authorization: "Bearer <token>" } in connection_init.' });
    expect(await refusal('not-a-jwt')).toEqual({ code: 4401, reason: 'The bearer token is not a JWT.' });
    expect(await refusal(forged)).toEqual({ code: 4401, reason: 'The bearer token is invalid.' });
    expect(await refusal(expired)).toEqual({ code: 4401, reason: 'The bearer token has expired; request a new one.' });
    expect(await refusal(deletedUsersToken)).toEqual({ code: 4401, reason: 'The user behind this token no longer exists.' });
  });

  it('ends a live subscription with 4401 when its token expires', async () => {
    const registered = suite.app.http.hub.listenerCount;
    const socket = open(await suite.app.token(suite.world.users.ownerA, 3));
    await socket.connected();
    const feed = socket.subscribe<RunEventShape>(RUN_EVENTS, { workspaceId: suite.world.workspaceA });
    await waitForListeners(suite.app, registered + 1);
    const run = await createUnqueuedRun(suite.app, { workspaceId: suite.world.workspaceA });
    expect((await feed.waitForEvents(1)).map((event) => event.run.id)).toEqual([run.id]);

    const closed = await socket.waitForClose(10_000);
    expect(closed).toEqual({ code: 4401, reason: 'The bearer token expired; reconnect with a new token.' });
    expect(feed.closedBy).toEqual(closed);
  });

  it('keeps a socket whose token is valid for longer than a timer can wait (about 24.8 days) open', async () => {
    const registered = suite.app.http.hub.listenerCount;
    const socket = open(await suite.app.token(suite.world.users.ownerA, THIRTY_DAYS));
    await socket.connected();
    const feed = socket.subscribe<RunEventShape>(RUN_EVENTS, { workspaceId: suite.world.workspaceA });
    await waitForListeners(suite.app, registered + 1);
    const run = await createUnqueuedRun(suite.app, { workspaceId: suite.world.workspaceA });
    expect((await feed.waitForEvents(1)).map((event) => event.run.id)).toEqual([run.id]);
    expect(socket.closedWith).toBeNull();
  });

  it('closes with 4401 the socket of a user deleted while it is open, at the next event it follows, having sent none', async () => {
    const userId = await userWithoutRows();
    const em = suite.app.em();
    em.create(WorkspaceMembershipSchema, { id: newId(), workspace: suite.world.workspaceA, user: userId, role: 'owner' });
    await em.flush();
    const registered = suite.app.http.hub.listenerCount;
    const socket = open(await suite.app.token(userId));
    await socket.connected();
    const feed = socket.subscribe<RunEventShape>(RUN_EVENTS, { workspaceId: suite.world.workspaceA });
    await waitForListeners(suite.app, registered + 1);
    await suite.app.em().nativeDelete(UserSchema, { id: userId });

    await createUnqueuedRun(suite.app, { workspaceId: suite.world.workspaceA });
    expect(await socket.waitForClose()).toEqual({ code: 4401, reason: 'The user behind this token no longer exists.' });
    expect(feed.events).toEqual([]);
  });
});

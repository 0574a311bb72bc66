import { describe, expect, it } from 'vitest';
import { insertRuns } from '../../../support/bulk-fixtures.js';
import { useApp } from '../../../support/use-app.js';
import { createWorld, type World } from '../../../support/world.js';

const ADD = `mutation($input: AddWorkspaceMemberInput!) {
  addWorkspaceMember(input: $input) { role tenantAccess capabilities grantedTenants { id } user { id email displayName } }
}`;
const MEMBERS = `query($id: ID!) { workspace(id: $id) { members(first: 50) { edges { node { user { email displayName } } } } } }`;
const ME = `query { me { user { displayName } memberships { workspace { id } user { displayName } } } }`;

/**
 * Accounts are shared by the whole installation (one per email), but what one workspace knows about
 * a member — the name it gave them — is that workspace's data. Adding a member discloses nothing
 * beyond what the caller supplied, and answers the same whether or not the email has an account.
 */
describe('adding a member discloses nothing about their account elsewhere', () => {
  const suite = useApp({ world: false });

  const emailOf = async (world: World, userId: keyof World['users']) => {
    const [row] = await suite.app.em().getConnection().execute<{ email: string }[]>('select email from users where id = ?', [world.users[userId]]);
    return row!.email;
  };
  const namesIn = async (world: World, workspaceId: string, token: string) => {
    const result = await suite.app.gql(MEMBERS, { id: workspaceId }, token);
    expect(result.errors).toBeUndefined();
    return Object.fromEntries(
      result.data.workspace.members.edges.map((edge: { node: { user: { email: string; displayName: string } } }) => [
        edge.node.user.email,
        edge.node.user.displayName,
      ]),
    );
  };

  it('shows the display name the caller gave, in the answer and in the member list, never the name the account has in another workspace', async () => {
    const world = await createWorld(suite.app.em());
    const email = await emailOf(world, 'managerA');
    const ownerB = await suite.app.token(world.users.ownerB);

    const added = await suite.app.gql(ADD, { input: { workspaceId: world.workspaceB, email, displayName: 'Max in B', role: 'OPERATOR' } }, ownerB);
    expect(added.errors).toBeUndefined();
    expect(added.data.addWorkspaceMember.user).toMatchObject({ email, displayName: 'Max in B' });
    expect((await namesIn(world, world.workspaceB, ownerB))[email]).toBe('Max in B');

    // Workspace A's name for them, and their own account's name, are untouched.
    expect((await namesIn(world, world.workspaceA, await suite.app.token(world.users.ownerA)))[email]).toBe('manager-a');
    const me = await suite.app.gql(ME, {}, await suite.app.token(world.users.managerA));
    expect(me.data.me.user.displayName).toBe('manager-a');
    const byWorkspace = Object.fromEntries(
      me.data.me.memberships.map((m: { workspace: { id: string }; user: { displayName: string } }) => [m.workspace.id, m.user.displayName]),
    );
    expect(byWorkspace).toEqual({ [world.workspaceA]: 'manager-a', [world.workspaceB]: 'Max in B' });
  });

  it('without a display name, an email with an account elsewhere is answered exactly like a new one: named by the email’s local part', async () => {
    const world = await createWorld(suite.app.em());
    const ownerB = await suite.app.token(world.users.ownerB);
    const known = await emailOf(world, 'managerA');
    const unknown = `newcomer-${world.workspaceB.slice(-6)}@example.test`;

    const answers = [];
    for (const email of [known, unknown]) {
      const added = await suite.app.gql(ADD, { input: { workspaceId: world.workspaceB, email, role: 'READONLY' } }, ownerB);
      expect(added.errors).toBeUndefined();
      const { user, ...membership } = added.data.addWorkspaceMember;
      expect(user).toEqual({ id: expect.any(String), email, displayName: email.split('@')[0] });
      answers.push(membership);
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]).toEqual({ role: 'READONLY', tenantAccess: 'ASSIGNED', capabilities: expect.any(Array), grantedTenants: [] });
    const names = await namesIn(world, world.workspaceB, ownerB);
    expect([names[known], names[unknown]]).toEqual([known.split('@')[0], unknown.split('@')[0]]);
  });

  it('re-adding a member with a new display name renames them in that workspace only', async () => {
    const world = await createWorld(suite.app.em());
    const email = await emailOf(world, 'managerA');
    const ownerB = await suite.app.token(world.users.ownerB);
    await suite.app.gql(ADD, { input: { workspaceId: world.workspaceB, email, displayName: 'Max in B', role: 'READONLY' } }, ownerB);

    const renamed = await suite.app.gql(ADD, { input: { workspaceId: world.workspaceB, email, displayName: 'Maximilian', role: 'OPERATOR' } }, ownerB);
    expect(renamed.data.addWorkspaceMember).toMatchObject({ role: 'OPERATOR', user: { displayName: 'Maximilian' } });
    const kept = await suite.app.gql(ADD, { input: { workspaceId: world.workspaceB, email, role: 'READONLY' } }, ownerB);
    expect(kept.data.addWorkspaceMember).toMatchObject({ role: 'READONLY', user: { displayName: 'Maximilian' } });
    expect((await namesIn(world, world.workspaceA, await suite.app.token(world.users.ownerA)))[email]).toBe('manager-a');
  });

  it('the runs a member started and the assignments they made show the name this workspace gave them', async () => {
    const world = await createWorld(suite.app.em());
    const email = await emailOf(world, 'managerA');
    const ownerB = await suite.app.token(world.users.ownerB);
    await suite.app.gql(ADD, { input: { workspaceId: world.workspaceB, email, displayName: 'Max in B', role: 'MANAGER' } }, ownerB);

    const [runId] = await insertRuns(suite.app.em(), [{ workspaceId: world.workspaceB, tenantId: world.tenantB1, initiatorId: world.users.managerA }]);
    const run = await suite.app.gql(`query($id: ID!) { operationRun(id: $id) { initiator { email displayName } } }`, { id: runId }, ownerB);
    expect(run.data.operationRun.initiator).toEqual({ email, displayName: 'Max in B' });

    const assigned = await suite.app.gql(
      `mutation($t: ID!, $p: ID!) { assignBaselineProfile(input: { tenantId: $t, profileId: $p }) { assignedBy { displayName } } }`,
      { t: world.tenantB1, p: world.profileB },
      await suite.app.token(world.users.managerA),
    );
    expect(assigned.errors).toBeUndefined();
    expect(assigned.data.assignBaselineProfile.assignedBy).toEqual({ displayName: 'Max in B' });
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../../../src/modules/workspaces/auth/tokens.js';
import { newId } from '../../../../src/platform/ids.js';
import { ACTORS, MANAGERS, MEMBERS_OF_A, type ActorName, type AuthorizationCase } from '../../../support/authorization-cases.js';
import { expectAuthorizationRule, ruleTitle } from '../../../support/authorization-rule.js';
import { createAuthorizationWorld, type AuthorizationWorld } from '../../../support/authorization-world.js';
import { databaseFingerprint } from '../../../support/database-fingerprint.js';
import { MUTATION_CASES } from '../../../support/mutation-authorization-cases.js';
import { ENTITIES_QUERY, ENTITY_CASES, QUERY_CASES } from '../../../support/read-authorization-cases.js';
import { useApp } from '../../../support/use-app.js';

/** Shared by every read-only test; each mutation case builds a world of its own. */
let world: AuthorizationWorld;

const suite = useApp({ world: false });
beforeAll(async () => {
  world = await createAuthorizationWorld(suite.app.em());
});

const tokenOf = (w: AuthorizationWorld, actor: ActorName) => suite.app.token(w.users[actor]);

const expectRule = (c: AuthorizationCase, actor: ActorName, w: AuthorizationWorld) => expectAuthorizationRule(suite.app, c, actor, w);

describe('queries by id: non-members and unentitled members get NOT_FOUND, entitled members the object', () => {
  for (const c of QUERY_CASES) for (const actor of ACTORS) it(ruleTitle(c, actor), () => expectRule(c, actor, world));
});

describe('_entities: an unentitled representation resolves to null with NOT_FOUND', () => {
  for (const c of ENTITY_CASES) for (const actor of ACTORS) it(ruleTitle(c, actor), () => expectRule(c, actor, world));

  it('a batch resolves each representation on its own: the operator of A gets A1, and null for A2 and for B', async () => {
    const result = await suite.app.gql(
      ENTITIES_QUERY,
      {
        r: [
          { __typename: 'Tenant', id: world.tenantA1 },
          { __typename: 'Tenant', id: world.tenantA2 },
          { __typename: 'Workspace', id: world.workspaceB },
        ],
      },
      await tokenOf(world, 'operatorA'),
    );
    expect(result.data?._entities).toEqual([{ __typename: 'Tenant', id: world.tenantA1 }, null, null]);
    const errors = result.errors?.map((error) => [error.path, error.extensions?.code]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(errors).toEqual([
      [['_entities', 1], 'NOT_FOUND'],
      [['_entities', 2], 'NOT_FOUND'],
    ]);
  });
});

describe('mutations: non-members get NOT_FOUND, members without the capability FORBIDDEN and nothing changes', () => {
  for (const c of MUTATION_CASES) {
    for (const actor of ACTORS) {
      it(ruleTitle(c, actor), async () => expectRule(c, actor, await createAuthorizationWorld(suite.app.em())));
    }
  }

  for (const actor of ACTORS) {
    it(`createWorkspace needs only a token: ${actor} becomes the owner of the new workspace`, async () => {
      const w = await createAuthorizationWorld(suite.app.em());
      const result = await suite.app.gql(`mutation { createWorkspace(input: { name: "Fresh" }) { name viewerRole } }`, {}, await tokenOf(w, actor));
      expect(result.errors).toBeUndefined();
      expect(result.data.createWorkspace).toEqual({ name: 'Fresh', viewerRole: 'OWNER' });
    });
  }

  it.each(['ownerA', 'ownerB'] as const)(
    'assignBaselineProfile never joins two workspaces: %s assigning the profile of B to tenant A1 gets NOT_FOUND',
    async (actor) => {
      const w = await createAuthorizationWorld(suite.app.em());
      const before = await databaseFingerprint(suite.app.em());
      const result = await suite.app.gql(
        `mutation($t: ID!, $p: ID!) { assignBaselineProfile(input: { tenantId: $t, profileId: $p }) { id } }`,
        { t: w.tenantA1, p: w.profileB },
        await tokenOf(w, actor),
      );
      expect(result.data).toBeNull();
      expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
      expect(await databaseFingerprint(suite.app.em())).toEqual(before);
    },
  );
});

describe("me and workspaces list only the caller's own workspaces", () => {
  const own: Record<ActorName, (w: AuthorizationWorld) => string[]> = {
    ownerA: (w) => [w.workspaceA],
    managerA: (w) => [w.workspaceA],
    operatorA: (w) => [w.workspaceA],
    readonlyA: (w) => [w.workspaceA],
    ownerB: (w) => [w.workspaceB],
    outsider: () => [],
  };
  for (const actor of ACTORS) {
    it(`${actor} sees themself and ${actor === 'outsider' ? 'no workspace' : 'only their own workspace'}`, async () => {
      const result = await suite.app.gql(`{ me { user { id } memberships { workspace { id } } } workspaces { id } }`, {}, await tokenOf(world, actor));
      expect(result.errors).toBeUndefined();
      expect(result.data.me.user.id).toBe(world.users[actor]);
      expect(result.data.me.memberships.map((m: any) => m.workspace.id)).toEqual(own[actor](world));
      expect(result.data.workspaces.map((ws: any) => ws.id)).toEqual(own[actor](world));
    });
  }
});

interface ListCase {
  name: string;
  document: string;
  variables: (w: AuthorizationWorld) => Record<string, unknown>;
  read: (data: any, w: AuthorizationWorld) => string[];
  /** What owner and manager see (every tenant) and what operator and readonly see (granted A1 only). */
  allTenants: (w: AuthorizationWorld) => string[];
  grantedOnly: (w: AuthorizationWorld) => string[];
}

const LIST_CASES: ListCase[] = [
  {
    name: 'workspace.tenants',
    document: `query($w: ID!) { workspace(id: $w) { tenants { edges { node { id } } } } }`,
    variables: (w) => ({ w: w.workspaceA }),
    read: (data) => data.workspace.tenants.edges.map((edge: any) => edge.node.id),
    allTenants: (w) => [w.tenantA1, w.tenantA2],
    grantedOnly: (w) => [w.tenantA1],
  },
  {
    name: 'operationRuns',
    document: `query($w: ID!) { operationRuns(workspaceId: $w) { edges { node { id } } } }`,
    variables: (w) => ({ w: w.workspaceA }),
    read: (data) => data.operationRuns.edges.map((edge: any) => edge.node.id),
    allTenants: (w) => [w.runA1, w.runA2],
    grantedOnly: (w) => [w.runA1],
  },
  {
    name: 'operationRuns filtered to tenant A2',
    document: `query($w: ID!, $t: ID!) { operationRuns(workspaceId: $w, filter: { tenantId: [$t] }) { edges { node { id } } } }`,
    variables: (w) => ({ w: w.workspaceA, t: w.tenantA2 }),
    read: (data) => data.operationRuns.edges.map((edge: any) => edge.node.id),
    allTenants: (w) => [w.runA2],
    grantedOnly: () => [],
  },
  {
    name: 'BaselineProfile.assignments',
    document: `query($p: ID!) { baselineProfile(id: $p) { assignments { tenant { id } } } }`,
    variables: (w) => ({ p: w.profileA }),
    read: (data) => data.baselineProfile.assignments.map((assignment: any) => assignment.tenant.id),
    allTenants: (w) => [w.tenantA1, w.tenantA2],
    grantedOnly: (w) => [w.tenantA1],
  },
  {
    name: 'grantedTenants of a fellow member granted only A2',
    document: `query($w: ID!) { workspace(id: $w) { members { edges { node { user { id } grantedTenants { id } } } } } }`,
    variables: (w) => ({ w: w.workspaceA }),
    read: (data, w) => data.workspace.members.edges.find((edge: any) => edge.node.user.id === w.readonlyA2).node.grantedTenants.map((tenant: any) => tenant.id),
    allTenants: (w) => [w.tenantA2],
    grantedOnly: () => [],
  },
];

describe('lists contain only what the caller is entitled to see', () => {
  for (const c of LIST_CASES) {
    for (const actor of MEMBERS_OF_A) {
      const seesAll = MANAGERS.includes(actor);
      it(`${c.name} for ${actor} lists ${seesAll ? "every tenant's rows" : 'only rows of the granted tenant A1'}`, async () => {
        const result = await suite.app.gql(c.document, c.variables(world), await tokenOf(world, actor));
        expect(result.errors).toBeUndefined();
        const expected = seesAll ? c.allTenants(world) : c.grantedOnly(world);
        expect(c.read(result.data, world).sort()).toEqual([...expected].sort());
      });
    }
  }
});

describe('calls without a valid token are UNAUTHENTICATED', () => {
  const tokens: { name: string; mint: (w: AuthorizationWorld) => Promise<string | null> }[] = [
    { name: 'no token', mint: async () => null },
    { name: 'an expired token', mint: (w) => suite.app.token(w.users.ownerA, -10) },
    { name: 'a token for a user that does not exist', mint: () => suite.app.token(newId()) },
    {
      name: 'a token signed with another secret',
      mint: (w) => issueToken({ ...suite.app.config.auth, jwtSecret: 'another-secret-that-is-long-enough-for-hs256' }, w.users.ownerA),
    },
  ];
  const operations = [
    { name: 'query me', document: `{ me { user { id } } }` },
    { name: 'mutation createWorkspace', document: `mutation { createWorkspace(input: { name: "Nope" }) { id } }` },
  ];
  for (const token of tokens) {
    for (const operation of operations) {
      it(`${operation.name} with ${token.name}`, async () => {
        const before = await databaseFingerprint(suite.app.em());
        const result = await suite.app.gql(operation.document, {}, await token.mint(world));
        expect(result.status).toBe(401);
        expect(result.data ?? null).toBeNull();
        expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
        expect(await databaseFingerprint(suite.app.em())).toEqual(before);
      });
    }
  }
});

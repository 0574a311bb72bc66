import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntitlementCache } from '../../../../src/modules/workspaces/auth/entitlement-cache.js';
import { EntitlementStamps } from '../../../../src/modules/workspaces/auth/entitlement-stamps.js';
import { RequestEntitlements } from '../../../../src/modules/workspaces/auth/request-entitlements.js';
import { TokenVerifier } from '../../../../src/modules/workspaces/auth/tokens.js';
import { startHttpServer, type HttpServer } from '../../../../src/app/http/server.js';
import { connectRedis } from '../../../../src/platform/redis/redis-connections.js';
import { createRuntime } from '../../../../src/app/runtime.js';
import { type Runtime } from '../../../../src/platform/runtime.js';
import { countQueries } from '../../../support/test-app.js';
import { useApp } from '../../../support/use-app.js';
import { createWorld } from '../../../support/world.js';

const TENANT = `query($id: ID!) { tenant(id: $id) { id name } }`;
const WORKSPACE = `query($id: ID!) { workspace(id: $id) { id viewerRole } }`;
const REVOKE = `mutation($input: TenantAccessInput!) { revokeTenantAccess(input: $input) { role } }`;
const GRANT = `mutation($input: TenantAccessInput!) { grantTenantAccess(input: $input) { role } }`;
const REMOVE = `mutation($input: RemoveWorkspaceMemberInput!) { removeWorkspaceMember(input: $input) { removedUserId } }`;
const ROLE = `mutation($input: UpdateWorkspaceMemberInput!) { updateWorkspaceMember(input: $input) { role } }`;
const ADD = `mutation($input: AddWorkspaceMemberInput!) { addWorkspaceMember(input: $input) { role } }`;
const ME = `query { me { user { email } } }`;
const TYPENAME = `query { __typename }`;

/** A long TTL, so every refusal below comes from invalidation, never from an entry that timed out. */
const TTL_MS = '600000';

describe('cached entitlements end with the membership change that ends them', () => {
  const suite = useApp({ world: false, env: { ENTITLEMENT_CACHE_TTL_MS: TTL_MS } });

  async function codeOf(query: string, variables: Record<string, unknown>, token: string): Promise<string | null> {
    const result = await suite.app.gql(query, variables, token);
    return result.errors?.[0]?.extensions?.code ?? null;
  }

  it('a token seen before resolves its caller without a statement; a new token costs one', async () => {
    const world = await createWorld(suite.app.em());
    const token = await suite.app.token(world.users.operatorA);
    const first = await countQueries(suite.app.orm, () => suite.app.gql(TYPENAME, {}, token));
    const again = await countQueries(suite.app.orm, () => suite.app.gql(TYPENAME, {}, token));
    expect([first.count, again.count]).toEqual([1, 0]);
  });

  it('a revoked tenant grant is refused on the next request with the same token, inside the TTL', async () => {
    const world = await createWorld(suite.app.em());
    const [operator, owner] = await Promise.all([suite.app.token(world.users.operatorA), suite.app.token(world.users.ownerA)]);
    expect(await codeOf(TENANT, { id: world.tenantA1 }, operator)).toBeNull();

    expect(await codeOf(REVOKE, { input: { tenantId: world.tenantA1, userId: world.users.operatorA } }, owner)).toBeNull();
    expect(await codeOf(TENANT, { id: world.tenantA1 }, operator)).toBe('NOT_FOUND');
  });

  it('a member removed from the workspace is refused on the next request with the same token', async () => {
    const world = await createWorld(suite.app.em());
    const [manager, owner] = await Promise.all([suite.app.token(world.users.managerA), suite.app.token(world.users.ownerA)]);
    expect(await codeOf(WORKSPACE, { id: world.workspaceA }, manager)).toBeNull();

    expect(await codeOf(REMOVE, { input: { workspaceId: world.workspaceA, userId: world.users.managerA } }, owner)).toBeNull();
    expect(await codeOf(WORKSPACE, { id: world.workspaceA }, manager)).toBe('NOT_FOUND');
  });

  it('a lowered role takes its capabilities away on the next request', async () => {
    const world = await createWorld(suite.app.em());
    const [manager, owner] = await Promise.all([suite.app.token(world.users.managerA), suite.app.token(world.users.ownerA)]);
    expect(await codeOf(TENANT, { id: world.tenantA2 }, manager)).toBeNull();

    expect(await codeOf(ROLE, { input: { workspaceId: world.workspaceA, userId: world.users.managerA, role: 'READONLY' } }, owner)).toBeNull();
    expect(await codeOf(TENANT, { id: world.tenantA2 }, manager)).toBe('NOT_FOUND');
  });

  it('a new membership and a new tenant grant are seen on the next request with the same token', async () => {
    const world = await createWorld(suite.app.em());
    const [readonly, owner, ownerB] = await Promise.all([
      suite.app.token(world.users.readonlyA),
      suite.app.token(world.users.ownerA),
      suite.app.token(world.users.ownerB),
    ]);
    expect(await codeOf(TENANT, { id: world.tenantA2 }, readonly)).toBe('NOT_FOUND');
    expect(await codeOf(WORKSPACE, { id: world.workspaceB }, readonly)).toBe('NOT_FOUND');

    expect(await codeOf(GRANT, { input: { tenantId: world.tenantA2, userId: world.users.readonlyA } }, owner)).toBeNull();
    expect(await codeOf(TENANT, { id: world.tenantA2 }, readonly)).toBeNull();

    const email = (await suite.app.gql(ME, {}, readonly)).data.me.user.email as string;
    expect(await codeOf(ADD, { input: { workspaceId: world.workspaceB, email, role: 'READONLY' } }, ownerB)).toBeNull();
    expect(await codeOf(WORKSPACE, { id: world.workspaceB }, readonly)).toBeNull();
  });

  describe('with a second API process on the same database and Redis', () => {
    let other: { runtime: Runtime; http: HttpServer; close(): Promise<void> };

    beforeAll(async () => {
      const redis = await connectRedis(suite.app.config.redis.url, suite.app.config.redis.prefix);
      const runtime = createRuntime(suite.app.config, suite.app.orm, redis);
      const http = await startHttpServer(runtime, 0);
      other = {
        runtime,
        http,
        async close() {
          await http.close();
          await runtime.close();
          await redis.close();
        },
      };
    });
    afterAll(() => other.close());

    it('a grant revoked through the other process is refused here on the next request, though this process cached it', async () => {
      const world = await createWorld(suite.app.em());
      const [operator, owner] = await Promise.all([suite.app.token(world.users.operatorA), suite.app.token(world.users.ownerA)]);
      expect(await codeOf(TENANT, { id: world.tenantA1 }, operator)).toBeNull();

      const response = await fetch(`${other.http.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${owner}` },
        body: JSON.stringify({ query: REVOKE, variables: { input: { tenantId: world.tenantA1, userId: world.users.operatorA } } }),
      });
      expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
      expect(await codeOf(TENANT, { id: world.tenantA1 }, operator)).toBe('NOT_FOUND');
    });
  });

  it('while Redis cannot answer for the stamp, every request reads the caller from the database and nothing is cached', async () => {
    const world = await createWorld(suite.app.em());
    const unreachable = await connectRedis(suite.app.config.redis.url, suite.app.config.redis.prefix);
    await unreachable.close();
    const cache = new EntitlementCache(Number(TTL_MS), 100);
    const entitlements = new RequestEntitlements(new TokenVerifier(suite.app.config.auth), new EntitlementStamps(unreachable, 100), cache);
    const token = await suite.app.token(world.users.operatorA);

    const first = await countQueries(suite.app.orm, () => entitlements.actorFor(suite.app.em(), token));
    const second = await countQueries(suite.app.orm, () => entitlements.actorFor(suite.app.em(), token));
    expect([first.count, second.count]).toEqual([1, 1]);
    expect(cache.size).toBe(0);
  });
});

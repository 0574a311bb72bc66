import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createWorld, type World } from '../support/world.js';

describe('GraphQL responses are never cached', () => {
  let app: TestApp;
  let world: World;
  beforeAll(async () => {
    app = await startTestApp();
    world = await createWorld(app.em());
  });
  afterAll(() => app.close());

  async function cacheControl(query: string, token: string | null): Promise<string | null> {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query }),
    });
    await response.body?.cancel();
    return response.headers.get('cache-control');
  }

  it("answers a caller's data, a refusal and an invalid query with cache-control: no-store", async () => {
    const token = await app.token(world.users.ownerA);
    expect(await cacheControl(`{ workspaces { id name } }`, token)).toBe('no-store');
    expect(await cacheControl(`{ workspaces { id } }`, null)).toBe('no-store');
    expect(await cacheControl(`{ nope }`, token)).toBe('no-store');
  });
});

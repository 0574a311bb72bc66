import { describe, expect, it } from 'vitest';
import { useApp } from '../../support/use-app.js';

describe('GraphQL responses are never cached', () => {
  const suite = useApp();

  async function cacheControl(query: string, token: string | null): Promise<string | null> {
    const response = await fetch(suite.app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query }),
    });
    await response.body?.cancel();
    return response.headers.get('cache-control');
  }

  it("answers a caller's data, a refusal and an invalid query with cache-control: no-store", async () => {
    const token = await suite.app.token(suite.world.users.ownerA);
    expect(await cacheControl(`{ workspaces { id name } }`, token)).toBe('no-store');
    expect(await cacheControl(`{ workspaces { id } }`, null)).toBe('no-store');
    expect(await cacheControl(`{ nope }`, token)).toBe('no-store');
  });
});

import { describe, expect, it } from 'vitest';
import { useApp } from '../../support/use-app.js';

describe('GET /healthz', () => {
  const suite = useApp({ world: false });

  it('reports the database and Redis as reachable', async () => {
    const response = await fetch(`${suite.app.http.url}/healthz`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ status: 'ok', database: { ok: true }, redis: { ok: true } });
  });
});

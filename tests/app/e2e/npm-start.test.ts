import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, freshRoot, listening, spawnTenantgraph, waitForOutput, type LocalProcess } from '../../support/local-processes.js';
import { uniqueName } from '../../support/services.js';

/** `npm start -- --demo` exactly as the README says (package script: `tsx src/app/main.ts`), with its data under `root`. */
const spawnStart = (root: string, env: Record<string, string>) => spawnTenantgraph('src/app/main.ts', ['--demo'], root, env);

async function npmStart(root: string, env: Record<string, string>): Promise<LocalProcess> {
  const started = spawnStart(root, env);
  await waitForOutput(started, /readonly .* token: \S+\n/, 'its demo tokens');
  return started;
}

describe('npm start on a fresh machine: embedded PostgreSQL, migrations, API and worker, demo data', () => {
  const root = freshRoot();
  const running: LocalProcess[] = [];
  afterAll(async () => {
    for (const started of running) if (started.child.exitCode === null) started.child.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('serves GraphQL with the printed demo token, stops cleanly on SIGTERM, and starts again on the same data', async () => {
    const [port, pgPort] = [await freePort(), await freePort()];
    const env = { PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), REDIS_PREFIX: uniqueName('tgstart') };

    const first = await npmStart(root, env);
    running.push(first);
    expect(first.output()).toContain(`GraphQL   http://127.0.0.1:${port}/graphql`);
    expect(first.output()).toContain('applied migrations');
    expect(existsSync(path.join(root, '.data', 'pg', 'PG_VERSION'))).toBe(true);
    const workspaceId = /Demo workspace (\S+) \(created\)/.exec(first.output())![1];
    const ownerToken = /owner +owner@demo\.tenantgraph\.dev +token: (\S+)/.exec(first.output())![1];

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: { ok: true }, redis: { ok: true } });
    const me = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ownerToken}` },
      body: JSON.stringify({ query: '{ me { user { email } } workspaces { id tenants(first: 10) { edges { node { name } } } } }' }),
    }).then((response) => response.json());
    expect(me.errors).toBeUndefined();
    expect(me.data.me.user.email).toBe('owner@demo.tenantgraph.dev');
    expect(me.data.workspaces.map((workspace: { id: string }) => workspace.id)).toEqual([workspaceId]);
    expect(me.data.workspaces[0].tenants.edges.length).toBeGreaterThanOrEqual(2);
    expect(first.output()).toContain(`Console   http://127.0.0.1:${port}/`);
    expect((await fetch(`http://127.0.0.1:${port}/`)).headers.get('content-type')).toContain('text/html');
    // The console was bundled from its TypeScript at start-up: nothing prebuilt is committed.
    const consoleScript = await fetch(`http://127.0.0.1:${port}/console.js`);
    expect(consoleScript.headers.get('content-type')).toContain('application/javascript');
    expect((await consoleScript.text()).includes('graphql-transport-ws')).toBe(true);

    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
    expect([await listening(port), await listening(pgPort)]).toEqual([false, false]);

    const second = await npmStart(root, env);
    running.push(second);
    expect(second.output()).toContain(`Demo workspace ${workspaceId} (already present)`);
    expect(second.output()).not.toContain('applied migrations');
    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);
    expect([await listening(port), await listening(pgPort)]).toEqual([false, false]);
  }, 240_000);

  it('stopped with SIGTERM while it is still starting, it stops the embedded PostgreSQL it started and exits 0', async () => {
    const startingRoot = freshRoot();
    const [port, pgPort] = [await freePort(), await freePort()];
    try {
      const starting = spawnStart(startingRoot, { PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), REDIS_PREFIX: uniqueName('tgstart') });
      running.push(starting);
      await waitForOutput(starting, /embedded PostgreSQL is running/, 'that PostgreSQL is running');
      starting.child.kill('SIGTERM');
      expect(await starting.exit).toBe(0);
      expect(starting.output()).not.toContain('tenantgraph is up');
      expect([await listening(port), await listening(pgPort)]).toEqual([false, false]);
    } finally {
      rmSync(startingRoot, { recursive: true, force: true });
    }
  }, 120_000);
});

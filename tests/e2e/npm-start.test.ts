import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../support/services.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

/** `npm start -- --demo` exactly as the README says (package script: `tsx src/main.ts`), with its data under `root`. */
async function npmStart(root: string, env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--demo'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info', TENANTGRAPH_ROOT: root, DATABASE_URL: '', REDIS_URL: '', JWT_SECRET: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not print its demo tokens within 90 s:\n${output}`)), 90_000);
    child.stdout!.on('data', () => {
      if (/readonly .* token: \S+\n/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code} before it was ready:\n${output}`));
    });
  });
  return { child, output: () => output, exit };
}

describe('npm start on a fresh machine: embedded PostgreSQL, migrations, API and worker, demo data', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tenantgraph-start-'));
  const running: Started[] = [];
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
    expect((await fetch(`http://127.0.0.1:${port}/`)).headers.get('content-type')).toContain('text/html');

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
});

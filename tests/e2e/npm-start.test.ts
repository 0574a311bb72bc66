import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../support/services.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A fresh project root. mkdtemp makes it 0700; opened up like a checkout, so a root-run embedded
 * PostgreSQL (which runs as the `postgres` OS user) keeps its data beneath it, and removing the root
 * removes everything the test created.
 */
function freshRoot(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tenantgraph-start-'));
  chmodSync(root, 0o755);
  return root;
}

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
function spawnStart(root: string, env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--demo'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info', TENANTGRAPH_ROOT: root, DATABASE_URL: '', REDIS_URL: '', JWT_SECRET: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exit };
}

/** Resolves once the process printed something matching `pattern`; fails if it exits first. */
function waitForOutput(started: Started, pattern: RegExp, what: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not print ${what} within 90 s:\n${started.output()}`)), 90_000);
    const check = () => {
      if (pattern.test(started.output())) {
        clearTimeout(timer);
        resolve();
      }
    };
    started.child.stdout!.on('data', check);
    started.child.stderr!.on('data', check);
    check();
    void started.exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code} before it printed ${what}:\n${started.output()}`));
    });
  });
}

async function npmStart(root: string, env: Record<string, string>): Promise<Started> {
  const started = spawnStart(root, env);
  await waitForOutput(started, /readonly .* token: \S+\n/, 'its demo tokens');
  return started;
}

describe('npm start on a fresh machine: embedded PostgreSQL, migrations, API and worker, demo data', () => {
  const root = freshRoot();
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

import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A tenantgraph process started as a newcomer would: no DATABASE_URL (embedded PostgreSQL), its data under its own root. */
export interface LocalProcess {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

export function spawnTenantgraph(entry: 'src/app/main.ts' | 'src/app/cli.ts', args: string[], root: string, env: Record<string, string>): LocalProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
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
export function waitForOutput(started: LocalProcess, pattern: RegExp, what: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the process did not print ${what} within 90 s:\n${started.output()}`)), 90_000);
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
      reject(new Error(`the process exited with ${code} before it printed ${what}:\n${started.output()}`));
    });
  });
}

/**
 * A fresh project root. mkdtemp makes it 0700; opened up like a checkout, so a root-run embedded
 * PostgreSQL (which runs as the `postgres` OS user) keeps its data beneath it, and removing the root
 * removes everything the test created.
 */
export function freshRoot(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tenantgraph-start-'));
  chmodSync(root, 0o755);
  return root;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

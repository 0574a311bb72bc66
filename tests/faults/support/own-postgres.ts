import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedDatabase, type LocalDatabase } from '../../../src/platform/db/embedded-database.js';
import { migrate } from '../../../src/platform/db/orm.js';
import { openOrm } from '../../../src/app/orm.js';
import { freePort, freshRoot } from '../../support/local-processes.js';
import type { TestDatabase } from '../../support/test-database.js';

/**
 * A PostgreSQL cluster of the test's own (the embedded binaries, its data under a fresh root, on a
 * free port), migrated, that can be stopped and started again with its data intact. Never the
 * machine's shared PostgreSQL.
 */
export interface OwnPostgres {
  url: string;
  port: number;
  /** Fast shutdown (open transactions roll back, every connection is cut). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** stop, stay down for `downMs`, start. */
  blip(downMs: number): Promise<void>;
  running(): boolean;
  /** For `startTestAppOn`: `drop()` stops the cluster and removes its data. */
  asTestDatabase(): TestDatabase;
  /** One statement on a short-lived connection of its own. */
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  destroy(): Promise<void>;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const root = freshRoot();
  const port = await freePort();
  const settings = { url: null, embeddedDataDir: path.join(root, '.data', 'pg'), embeddedPort: port, poolMax: 2 };
  let server: LocalDatabase | null = await startEmbeddedDatabase(settings);
  const url = server.url;

  const orm = await openOrm(url, 2);
  try {
    await migrate(orm);
  } finally {
    await orm.close();
  }

  const stop = async () => {
    const running = server;
    server = null;
    await running?.stop();
  };
  const start = async () => {
    server ??= await startEmbeddedDatabase(settings);
  };
  const destroy = async () => {
    await stop();
    rmSync(root, { recursive: true, force: true });
  };
  return {
    url,
    port,
    stop,
    start,
    async blip(downMs) {
      await stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await start();
    },
    running: () => server !== null,
    asTestDatabase: () => ({ name: 'tenantgraph', url, drop: destroy }),
    async query(sql, params = []) {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows;
      } finally {
        await client.end();
      }
    },
    destroy,
  };
}

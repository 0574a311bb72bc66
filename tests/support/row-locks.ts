import pg from 'pg';
import type { TestApp } from './test-app.js';
import { waitFor } from './wait-for.js';

/** A transaction of the test's own that holds row or table locks until it is released (committed). */
export interface HeldLocks {
  release(): Promise<void>;
}

/**
 * Opens a transaction on a connection of its own and runs `statements` in it (e.g. `select … for
 * update`), holding their locks until `release()`. Writers and jobs that need those rows then wait
 * in the order they arrive, which lets a test stage a race deterministically: hold, start the
 * competitors one after another (waiting until each is queued), release.
 */
export async function holdLocks(databaseUrl: string, statements: readonly [sql: string, params?: unknown[]][]): Promise<HeldLocks> {
  const client = new pg.Client({ connectionString: databaseUrl });
  // A drill may stop the server under a held lock: the connection's end is expected, not a crash.
  client.on('error', () => undefined);
  await client.connect();
  await client.query('begin');
  for (const [sql, params] of statements) await client.query(sql, params ?? []);
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      try {
        await client.query('commit');
      } finally {
        await client.end();
      }
    },
  };
}

/** Sessions of the test's database that are waiting for a lock and whose statement matches `pattern` (ILIKE). */
export async function lockWaiters(app: TestApp, pattern = '%'): Promise<number> {
  const [row] = await app.em().execute<{ count: number }[]>(
    `select count(*)::int as count from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock' and query ilike ?`,
    [pattern],
  );
  return row!.count;
}

/** Waits until `count` sessions wait for a lock with a statement matching `pattern`. */
export async function waitForLockWaiters(app: TestApp, count: number, pattern = '%'): Promise<void> {
  await waitFor(async () => (await lockWaiters(app, pattern)) >= count, 30_000, 25, `${count} session(s) waiting for a lock on ${pattern}`);
}

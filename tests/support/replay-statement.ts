import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';

interface KnexClient {
  acquireConnection(): Promise<pg.PoolClient>;
  releaseConnection(connection: pg.PoolClient): Promise<void>;
}

/**
 * Runs a statement as the driver sent it: `$n` placeholders with their bindings (plain reads bind
 * their values) or the values already written into the text (the ORM's own execute). For EXPLAIN
 * of recorded statements.
 */
export async function replayStatement<T>(em: EntityManager, sql: string, bindings: readonly unknown[]): Promise<T[]> {
  const client = em.getConnection().getKnex().client as unknown as KnexClient;
  const connection = await client.acquireConnection();
  try {
    return (await connection.query(sql, [...bindings])).rows as T[];
  } finally {
    await client.releaseConnection(connection);
  }
}

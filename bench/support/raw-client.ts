import type pg from 'pg';
import type { Orm } from '../../src/platform/db/orm.js';

interface KnexClient {
  acquireConnection(): Promise<pg.PoolClient>;
  releaseConnection(connection: pg.PoolClient): Promise<void>;
}

/**
 * Borrows a raw node-postgres connection from the ORM's pool for protocol features the query
 * builder does not expose (COPY FROM STDIN). The caller owns transactions on it.
 */
export async function withRawClient<T>(orm: Orm, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = orm.em.getConnection().getKnex().client as unknown as KnexClient;
  const connection = await client.acquireConnection();
  try {
    return await work(connection);
  } finally {
    await client.releaseConnection(connection);
  }
}

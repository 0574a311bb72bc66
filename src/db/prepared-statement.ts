import type { Knex } from '@mikro-orm/postgresql';

/** A statement prepared by name on each connection, with `$1`… placeholders. */
export interface PreparedStatement {
  name: string;
  text: string;
  values: unknown[];
}

interface PgConnection {
  __knexUid?: string;
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs one prepared statement on a connection of knex's pool without knex's query builder: the
 * hot run transitions pay neither its binding rewrite nor its result post-processing on every
 * call. The statement is announced as a knex `query` event like any other, so statement counting
 * and query logging see it.
 */
export async function runPrepared<Row>(knex: Knex, statement: PreparedStatement): Promise<Row[]> {
  const { client } = knex;
  const connection = (await client.acquireConnection()) as PgConnection;
  try {
    client.emit('query', { __knexUid: connection.__knexUid, sql: statement.text, bindings: statement.values, options: { name: statement.name } });
    const result = await connection.query({ name: statement.name, text: statement.text, values: statement.values });
    return result.rows as Row[];
  } finally {
    await client.releaseConnection(connection);
  }
}

import { createHash } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';

/** A statement with `$1`… placeholders, prepared by name on each connection when it has one. */
export interface PreparedStatement {
  /**
   * Absent: parsed and planned at every execution, for a statement whose best plan depends on the
   * size of the tables it reads as they are now (a plan cached on a connection while a table was
   * small would keep scanning it whole after it grew).
   */
  name?: string;
  text: string;
  values: unknown[];
}

interface PgConnection {
  __knexUid?: string;
  query(config: PreparedStatement): Promise<{ rows: unknown[] }>;
}

let sent = 0;

/** Numbers the `?` placeholders of `sql` ($1, $2, …); the SQL must hold no other `?`. */
export function numberedPlaceholders(sql: string): string {
  let position = 0;
  return sql.replace(/\?/g, () => `$${++position}`);
}

const statementsByText = new Map<string, { name: string; text: string }>();

/**
 * The statement `sql` (with `?` placeholders) prepared under a name derived from its text, so a
 * read sent again and again is parsed and planned once per connection rather than on every call.
 * Only for statements whose text is one of a fixed set (values bound, never written into the text):
 * each distinct text stays prepared on every connection that ran it.
 */
export function namedStatement(sql: string, values: unknown[]): PreparedStatement {
  let known = statementsByText.get(sql);
  if (!known) {
    known = { name: `s_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`, text: numberedPlaceholders(sql) };
    statementsByText.set(sql, known);
  }
  return { ...known, values };
}

/**
 * Runs one prepared statement on a connection of knex's pool without knex's query builder: the
 * hot run transitions pay neither its binding rewrite nor its result post-processing on every
 * call. The statement is announced with knex's `query` event and answered with its
 * `query-response` or `query-error` event like any other, so statement counts and timelines see it.
 */
export async function runPrepared<Row>(knex: Knex, statement: PreparedStatement): Promise<Row[]> {
  const { client } = knex;
  const connection = (await client.acquireConnection()) as PgConnection;
  const event = {
    __knexUid: connection.__knexUid,
    __knexQueryUid: `prepared-${++sent}`,
    method: 'raw',
    sql: statement.text,
    bindings: statement.values,
    options: { name: statement.name },
  };
  try {
    client.emit('query', event);
    const result = await connection.query({ name: statement.name, text: statement.text, values: statement.values });
    client.emit('query-response', result, event);
    return result.rows as Row[];
  } catch (error) {
    client.emit('query-error', error, event);
    throw error;
  } finally {
    await client.releaseConnection(connection);
  }
}

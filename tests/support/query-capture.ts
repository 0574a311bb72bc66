import type { Orm } from '../../src/platform/db/orm.js';

export interface CapturedQuery {
  sql: string;
  bindings: unknown[];
}

/** The SQL statements, with their bindings, that an ORM instance sends while `work` runs. */
export async function captureQueries(orm: Orm, work: () => Promise<unknown>): Promise<CapturedQuery[]> {
  const captured: CapturedQuery[] = [];
  const knex = orm.em.getConnection().getKnex();
  const listener = (query: { sql: string; bindings?: unknown[] }) => captured.push({ sql: query.sql, bindings: query.bindings ?? [] });
  knex.on('query', listener);
  try {
    await work();
  } finally {
    knex.off('query', listener);
  }
  return captured;
}

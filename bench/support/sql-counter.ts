import type { Orm } from '../../src/platform/db/orm.js';

/**
 * Counts the SQL statements an ORM instance sends until `stop()` is called: every `query` event of
 * its knex, so a transaction's BEGIN and COMMIT count as statements too.
 */
export function countStatements(orm: Orm): { stop(): number } {
  let count = 0;
  const knex = orm.em.getConnection().getKnex();
  const listener = () => count++;
  knex.on('query', listener);
  return {
    stop() {
      knex.off('query', listener);
      return count;
    },
  };
}

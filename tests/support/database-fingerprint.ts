import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Delivery bookkeeping that changes after a transition commits (outbox rows are marked published
 * shortly after their Redis publish); it is not data a user sees, so it is left out of the digest.
 */
const BOOKKEEPING: Record<string, string> = { operation_run_events: 'published_at' };

/**
 * A digest of every row of every application table, keyed by table name. Two equal
 * fingerprints mean nothing was inserted, updated or deleted in between; a difference names the table.
 */
export async function databaseFingerprint(em: EntityManager): Promise<Record<string, string>> {
  const connection = em.getConnection();
  const tables = await connection.execute<{ table_name: string }[]>(
    `select table_name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'mikro_orm%'
      order by table_name`,
  );
  const digests = await connection.execute<{ table_name: string; digest: string }[]>(
    tables
      .map(({ table_name }) => {
        const row = BOOKKEEPING[table_name] ? `(to_jsonb(t) - '${BOOKKEEPING[table_name]}')::text` : 't::text';
        return `select '${table_name}' as table_name, count(*) || ':' || coalesce(md5(string_agg(${row}, '|' order by ${row})), '') as digest from "${table_name}" t`;
      })
      .join(' union all '),
  );
  return Object.fromEntries(digests.map(({ table_name, digest }) => [table_name, digest]));
}

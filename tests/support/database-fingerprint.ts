import type { EntityManager } from '@mikro-orm/postgresql';

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
      .map(({ table_name }) => `select '${table_name}' as table_name, count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as digest from "${table_name}" t`)
      .join(' union all '),
  );
  return Object.fromEntries(digests.map(({ table_name, digest }) => [table_name, digest]));
}

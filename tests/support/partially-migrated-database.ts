import { openOrm } from '../../src/app/orm.js';
import { databaseUrl, dropDatabase, uniqueName, withAdminClient } from './services.js';
import type { TestDatabase } from './test-database.js';

/** A fresh database migrated up to and including `lastMigration`, and no further. */
export async function createDatabaseMigratedTo(lastMigration: string): Promise<TestDatabase> {
  const name = uniqueName('tg_partial');
  await withAdminClient((client) => client.query(`create database "${name}"`));
  const orm = await openOrm(databaseUrl(name), 2);
  try {
    await orm.getMigrator().up({ to: lastMigration });
  } finally {
    await orm.close();
  }
  return { name, url: databaseUrl(name), drop: () => dropDatabase(name) };
}

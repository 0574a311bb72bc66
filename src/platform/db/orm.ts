import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from './orm-options.js';

export type Orm = MikroORM;

export async function openOrm(databaseUrl: string, poolMax?: number): Promise<Orm> {
  return MikroORM.init(ormOptions(databaseUrl, poolMax));
}

/** Applies pending migrations; returns the names applied (empty when already up to date). */
export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((migration) => migration.name);
}

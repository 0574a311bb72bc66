import type { MikroORM } from '@mikro-orm/postgresql';

export type Orm = MikroORM;

/** Applies pending migrations; returns the names applied (empty when already up to date). */
export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((migration) => migration.name);
}

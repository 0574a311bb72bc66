import { MikroORM } from '@mikro-orm/postgresql';
import type { Orm } from '../platform/db/orm.js';
import { ormOptions } from './orm-options.js';

export async function openOrm(databaseUrl: string, poolMax?: number): Promise<Orm> {
  return MikroORM.init(ormOptions(databaseUrl, poolMax));
}

import { fileURLToPath } from 'node:url';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { MIGRATIONS } from '../../migrations/index.js';
import { ENTITIES } from './entities.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

/** How long opening one PostgreSQL connection may take before it counts as unreachable. */
const CONNECT_TIMEOUT_MS = 5000;

/** The whole application's ORM: every module's entities and every migration. */
export function ormOptions(databaseUrl: string, poolMax = 10): Options {
  return defineConfig({
    clientUrl: databaseUrl,
    entities: ENTITIES,
    extensions: [Migrator],
    forceUtcTimezone: true,
    allowGlobalContext: false,
    pool: { min: 0, max: poolMax },
    // A server that accepts TCP but never completes the handshake (a network partition, a host
    // going down) must not hold a request or a worker's outcome write for knex's 60 s acquire wait.
    driverOptions: { connection: { connectionTimeoutMillis: CONNECT_TIMEOUT_MS } },
    migrations: {
      path: MIGRATIONS_DIR,
      migrationsList: MIGRATIONS,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      silent: true,
    },
  });
}

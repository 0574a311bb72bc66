import type { AppConfig } from '../platform/config.js';
import { startEmbeddedDatabase } from '../platform/db/embedded-database.js';
import { ensureRedis } from '../platform/redis/local-redis.js';

export interface LocalServices {
  databaseUrl: string;
  stop(): Promise<void>;
}

/**
 * Resolves where PostgreSQL and Redis are: DATABASE_URL or an embedded PostgreSQL under `.data/`;
 * REDIS_URL or a local Redis (started from PATH when needed). Redis is checked first: it is the
 * quick check, and a missing Redis then fails before a database cluster is initialised.
 */
export async function startLocalServices(config: AppConfig, needs: { redis: boolean }): Promise<LocalServices> {
  const redis = needs.redis ? await ensureRedis(config.redis) : { stop: async () => undefined };
  let database: { url: string; stop(): Promise<void> };
  try {
    database = config.database.url ? { url: config.database.url, stop: async () => undefined } : await startEmbeddedDatabase(config.database);
  } catch (error) {
    await redis.stop();
    throw error;
  }
  return {
    databaseUrl: database.url,
    async stop() {
      await redis.stop();
      await database.stop();
    },
  };
}

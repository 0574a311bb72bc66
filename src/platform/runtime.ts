import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppConfig } from './config.js';
import type { Orm } from './db/orm.js';
import type { Loaders } from './graphql/loaders.js';
import type { RedisConnections } from './redis/redis-connections.js';

/**
 * Long-lived, process-wide dependencies shared by HTTP requests, subscriptions and jobs. The
 * platform declares its own part; each module adds the services it provides by augmenting this
 * interface (`declare module`), and `src/app/runtime.ts` builds the whole.
 */
export interface Runtime {
  config: AppConfig;
  orm: Orm;
  redis: RedisConnections;
  /** The per-request loaders of every module, on `em`. */
  loaders(em: EntityManager): Loaders;
  close(): Promise<void>;
}

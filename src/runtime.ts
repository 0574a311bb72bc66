import type { AppConfig } from './config.js';
import type { Orm } from './db/orm.js';
import type { RedisConnections } from './redis/redis-connections.js';
import { TokenVerifier } from './auth/tokens.js';

/** Long-lived, process-wide dependencies shared by HTTP requests, subscriptions and jobs. */
export interface Runtime {
  config: AppConfig;
  orm: Orm;
  redis: RedisConnections;
  tokens: TokenVerifier;
}

export function createRuntime(config: AppConfig, orm: Orm, redis: RedisConnections): Runtime {
  return { config, orm, redis, tokens: new TokenVerifier(config.auth) };
}

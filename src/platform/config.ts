import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { envInteger as int } from './env-integer.js';

export type Environment = 'development' | 'test' | 'production';

/** The platform's settings; modules add their own sections to `AppConfig`, and `src/app/config.ts` loads them all. */
export interface PlatformConfig {
  env: Environment;
  /** Root of the project checkout; `.data/` lives beneath it. */
  rootDir: string;
  http: {
    host: string;
    port: number;
    /** Largest accepted request body, in bytes. */
    maxBodyBytes: number;
    /** Public base URL printed at start-up. */
    publicUrl: string;
  };
  database: {
    /** Explicit connection string; when absent `npm start` runs an embedded PostgreSQL. */
    url: string | null;
    embeddedDataDir: string;
    embeddedPort: number;
    poolMax: number;
  };
  redis: {
    url: string;
    /** True when REDIS_URL was given; false means the default local Redis (which may be started for you). */
    explicit: boolean;
    /** Prefix for every Redis key and channel this process uses. */
    prefix: string;
    /** Longest a request waits for Redis to take a job or an event notice; beyond it the work is retried in the background. */
    commandTimeoutMs: number;
  };
  auth: {
    jwtSecret: string;
    issuer: string;
    audience: string;
    jwksUrl: string | null;
    tokenTtlSeconds: number;
  };
  entitlements: {
    /** How long a verified token's entitlements are reused while the user's entitlement stamp is unchanged; 0 turns the cache off. */
    cacheTtlMs: number;
    /** Most tokens whose entitlements are cached at once. */
    cacheMaxTokens: number;
  };
  graphql: {
    maxDepth: number;
    /** Most fields (aliases included) one operation may select. */
    maxFields: number;
    maxPageSize: number;
    defaultPageSize: number;
    maxInventoryItemsPerCall: number;
    introspection: boolean;
  };
  baselines: {
    /** Snapshot items persisted per batch (one INSERT … SELECT, one transaction). */
    captureBatchSize: number;
  };
  subscriptions: {
    /** Live events that may wait for one busy subscription; beyond that it catches up from the outbox. */
    queueCapacity: number;
    /** How long a subscription that fell behind may take to catch up before its socket is closed. */
    lagGraceMs: number;
    /** Unsent bytes a socket may hold before its client counts as too slow. */
    maxBufferedBytes: number;
    /** Operations one direct socket may run at once (gateway sockets are not limited per socket). */
    maxSubscriptionsPerSocket: number;
    /** Operations one user may run at once on this process, over all their sockets, direct and gateway. */
    maxSubscriptionsPerUser: number;
    /** Open direct sockets per bearer token. */
    maxSocketsPerToken: number;
    /** Shared secret that marks a WebSocket as coming from a trusted federation gateway; null: no gateway sockets. */
    gatewaySecret: string | null;
    /** The event hub re-reads the outbox this often even without a Redis wake-up. */
    pollIntervalMs: number;
    keepAliveMs: number;
    /** How often a worker publishes outbox rows left unpublished (older than this interval). */
    relayIntervalMs: number;
  };
}

/** Every setting of the process: the platform's and, by augmentation, each module's section. */
export interface AppConfig extends PlatformConfig {}

function environment(env: NodeJS.ProcessEnv): Environment {
  const value = env.NODE_ENV ?? 'development';
  if (value === 'development' || value === 'test' || value === 'production') return value;
  throw new Error(`NODE_ENV must be development, test or production; got "${value}".`);
}

/**
 * Outside production a missing JWT_SECRET falls back to a random secret kept in `.data/jwt-secret`,
 * so `npm start` and `npm run cli -- token` agree without any setup.
 */
function jwtSecret(env: NodeJS.ProcessEnv, mode: Environment, dataDir: string): string {
  const configured = env.JWT_SECRET;
  if (configured) {
    if (configured.length < 32) throw new Error('JWT_SECRET must be at least 32 characters long.');
    return configured;
  }
  if (mode === 'production') throw new Error('JWT_SECRET is required when NODE_ENV=production.');
  return readOrCreateSecret(path.join(dataDir, 'jwt-secret'));
}

/** The secret kept in `file`, created (random, readable by its owner only) when missing. */
function readOrCreateSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * GATEWAY_SECRET when set. In development a missing one falls back to a random secret kept in
 * `.data/gateway-secret`, which `npm run gateway` in the same checkout reads, so the local gateway
 * is trusted without any setup. Elsewhere there are no gateway sockets unless it is set.
 */
function gatewaySecret(env: NodeJS.ProcessEnv, mode: Environment, dataDir: string): string | null {
  const configured = env.GATEWAY_SECRET;
  if (configured) {
    if (configured.length < 32) throw new Error('GATEWAY_SECRET must be at least 32 characters long.');
    return configured;
  }
  if (mode !== 'development') return null;
  return readOrCreateSecret(path.join(dataDir, 'gateway-secret'));
}

export function loadPlatformConfig(env: NodeJS.ProcessEnv): PlatformConfig {
  const mode = environment(env);
  const rootDir = path.resolve(env.TENANTGRAPH_ROOT ?? process.cwd());
  const dataDir = path.join(rootDir, '.data');
  const port = int(env, 'PORT', 4000);
  const host = env.HOST ?? '127.0.0.1';
  const secret = jwtSecret(env, mode, dataDir);
  return {
    env: mode,
    rootDir,
    http: {
      host,
      port,
      maxBodyBytes: int(env, 'MAX_BODY_BYTES', 8 * 1024 * 1024, 1024),
      publicUrl: env.PUBLIC_URL ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    },
    database: {
      url: env.DATABASE_URL || null,
      embeddedDataDir: path.join(dataDir, 'pg'),
      embeddedPort: int(env, 'EMBEDDED_PG_PORT', 54329, 1),
      poolMax: int(env, 'DATABASE_POOL_MAX', 10, 1),
    },
    redis: {
      url: env.REDIS_URL || 'redis://127.0.0.1:6379',
      explicit: Boolean(env.REDIS_URL),
      prefix: env.REDIS_PREFIX || 'tg',
      commandTimeoutMs: int(env, 'REDIS_COMMAND_TIMEOUT_MS', 2000, 100),
    },
    auth: {
      jwtSecret: secret,
      issuer: env.JWT_ISSUER || 'tenantgraph',
      audience: env.JWT_AUDIENCE || 'tenantgraph',
      jwksUrl: env.JWT_JWKS_URL || null,
      tokenTtlSeconds: int(env, 'TOKEN_TTL_SECONDS', 12 * 3600, 60),
    },
    entitlements: {
      cacheTtlMs: int(env, 'ENTITLEMENT_CACHE_TTL_MS', 5000, 0),
      cacheMaxTokens: int(env, 'ENTITLEMENT_CACHE_MAX_TOKENS', 10_000, 1),
    },
    graphql: {
      maxDepth: int(env, 'GRAPHQL_MAX_DEPTH', 12, 2),
      maxFields: int(env, 'GRAPHQL_MAX_FIELDS', 1500, 10),
      maxPageSize: 200,
      defaultPageSize: 50,
      maxInventoryItemsPerCall: 10_000,
      introspection: env.GRAPHQL_INTROSPECTION ? env.GRAPHQL_INTROSPECTION === 'true' : mode !== 'production',
    },
    baselines: {
      captureBatchSize: int(env, 'CAPTURE_BATCH_SIZE', 5000, 1),
    },
    subscriptions: {
      queueCapacity: int(env, 'SUBSCRIPTION_QUEUE_CAPACITY', 1000, 1),
      lagGraceMs: int(env, 'SUBSCRIPTION_LAG_GRACE_MS', 10_000, 100),
      maxBufferedBytes: int(env, 'SUBSCRIPTION_MAX_BUFFERED_BYTES', 4 * 1024 * 1024, 1024),
      maxSubscriptionsPerSocket: int(env, 'MAX_SUBSCRIPTIONS_PER_SOCKET', 20, 1),
      maxSubscriptionsPerUser: int(env, 'MAX_SUBSCRIPTIONS_PER_USER', 100, 1),
      maxSocketsPerToken: int(env, 'MAX_SOCKETS_PER_TOKEN', 10, 1),
      gatewaySecret: gatewaySecret(env, mode, dataDir),
      pollIntervalMs: int(env, 'EVENT_POLL_INTERVAL_MS', 1000, 50),
      keepAliveMs: int(env, 'WS_KEEPALIVE_MS', 12_000, 1000),
      relayIntervalMs: int(env, 'OUTBOX_RELAY_INTERVAL_MS', 2000, 50),
    },
  };
}

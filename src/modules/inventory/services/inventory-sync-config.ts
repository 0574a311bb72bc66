import { hkdfSync } from 'node:crypto';
import { CREDENTIAL_KEY_BYTES, type CredentialKeys } from '../connectors/credential-cipher.js';
import { envInteger } from '../../../platform/env-integer.js';

export interface InventorySyncConfig {
  graph: {
    /** Microsoft Entra authority; tokens come from `<loginUrl>/<directory>/oauth2/v2.0/token`. */
    loginUrl: string;
    /** Microsoft Graph including its version segment; the token scope is `<origin>/.default`. */
    baseUrl: string;
  };
  credentialKeys: CredentialKeys;
  /** Total time one sync may spend waiting on throttling (Retry-After) and transient source failures. */
  maxBackoffSeconds: number;
  /** Cadence of the worker's pass that starts the syncs of scheduled tenants that are due. */
  scheduleIntervalSeconds: number;
  /** Scheduled syncs one pass starts at most. */
  scheduleBatchLimit: number;
}

type Mode = 'development' | 'test' | 'production';

function baseUrl(env: NodeJS.ProcessEnv, name: string, fallback: string, mode: Mode): string {
  const raw = env[name] || fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`Environment variable ${name} must be an absolute URL; got "${raw}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${name} must be an http(s) URL; got "${raw}".`);
  // Client secrets and bearer tokens travel to these URLs.
  if (mode === 'production' && url.protocol !== 'https:') throw new Error(`${name} must use https when NODE_ENV=production; got "${raw}".`);
  return raw.replace(/\/+$/, '');
}

/** 32 bytes in standard base64, as `openssl rand -base64 32` prints them. */
const BASE64_KEY = /^[A-Za-z0-9+/]{43}=?$/;

function key(name: string, raw: string): Buffer {
  const value = raw.trim();
  if (!BASE64_KEY.test(value)) throw new Error(`${name} must be ${CREDENTIAL_KEY_BYTES} random bytes in base64 (e.g. \`openssl rand -base64 32\`).`);
  return Buffer.from(value, 'base64');
}

/**
 * The key that seals connector secrets. Production must configure it (CREDENTIALS_ENCRYPTION_KEY),
 * independent of every other secret. Elsewhere a missing key is derived from the JWT secret (itself
 * kept in `.data/` in development), so `npm start` needs no setup; changing that secret then makes
 * stored credentials unreadable, which a sync reports as `inventory_sync.credentials_unreadable`.
 */
function credentialKeys(env: NodeJS.ProcessEnv, mode: Mode, jwtSecret: string): CredentialKeys {
  const previous = (env.CREDENTIALS_ENCRYPTION_PREVIOUS_KEYS ?? '')
    .split(',')
    .filter((value) => value.trim() !== '')
    .map((value) => key('Each of CREDENTIALS_ENCRYPTION_PREVIOUS_KEYS', value));
  const configured = env.CREDENTIALS_ENCRYPTION_KEY;
  if (configured) return { current: key('CREDENTIALS_ENCRYPTION_KEY', configured), previous };
  if (mode === 'production') throw new Error('CREDENTIALS_ENCRYPTION_KEY is required when NODE_ENV=production.');
  const derived = Buffer.from(hkdfSync('sha256', jwtSecret, 'tenantgraph', 'connector-credentials', CREDENTIAL_KEY_BYTES));
  return { current: derived, previous };
}

export function loadInventorySyncConfig(env: NodeJS.ProcessEnv, mode: Mode, jwtSecret: string): InventorySyncConfig {
  return {
    graph: {
      loginUrl: baseUrl(env, 'GRAPH_LOGIN_URL', 'https://login.microsoftonline.com', mode),
      baseUrl: baseUrl(env, 'GRAPH_BASE_URL', 'https://graph.microsoft.com/beta', mode),
    },
    credentialKeys: credentialKeys(env, mode, jwtSecret),
    maxBackoffSeconds: envInteger(env, 'INVENTORY_SYNC_MAX_BACKOFF_SECONDS', 120, 0),
    scheduleIntervalSeconds: envInteger(env, 'INVENTORY_SYNC_SCHEDULE_SECONDS', 60, 1),
    scheduleBatchLimit: envInteger(env, 'INVENTORY_SYNC_SCHEDULE_BATCH', 50, 1),
  };
}

declare module '../../../platform/config.js' {
  interface AppConfig {
    inventorySync: InventorySyncConfig;
  }
}

import { loadConfig } from '../../src/app/config.js';
import type { AppConfig } from '../../src/platform/config.js';
import { REDIS_URL, uniqueName } from './services.js';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

/** Configuration for one test file: its own database and its own Redis key prefix. */
export function testConfig(databaseUrl: string, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    REDIS_PREFIX: uniqueName('tgtest'),
    JWT_SECRET: TEST_JWT_SECRET,
    PORT: '0',
    ...overrides,
  });
}

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/app/config.js';

const JWT_SECRET = 'j'.repeat(32);
/** Production needs its own credentials key; any 32 bytes do here. */
const CREDENTIALS_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

describe('GATEWAY_SECRET', () => {
  const roots: string[] = [];
  const root = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tenantgraph-config-'));
    roots.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of roots.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('is taken as set when it has at least 32 characters', () => {
    const secret = 'g'.repeat(32);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET, CREDENTIALS_ENCRYPTION_KEY, GATEWAY_SECRET: secret }).subscriptions.gatewaySecret).toBe(secret);
  });

  it('refuses to start with a shorter one', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET, CREDENTIALS_ENCRYPTION_KEY, GATEWAY_SECRET: 'too-short' })).toThrow(
      'GATEWAY_SECRET must be at least 32 characters long.',
    );
  });

  it('outside development, unset means no gateway sockets and writes nothing', () => {
    const dir = root();
    for (const mode of ['production', 'test']) {
      expect(loadConfig({ NODE_ENV: mode, JWT_SECRET, CREDENTIALS_ENCRYPTION_KEY, TENANTGRAPH_ROOT: dir }).subscriptions.gatewaySecret).toBeNull();
    }
    expect(existsSync(path.join(dir, '.data', 'gateway-secret'))).toBe(false);
  });

  it('in development, unset falls back to a random one kept in .data/gateway-secret for `npm run gateway` to read', () => {
    const dir = root();
    const first = loadConfig({ NODE_ENV: 'development', JWT_SECRET, TENANTGRAPH_ROOT: dir }).subscriptions.gatewaySecret;

    expect(first).toMatch(/^[\w-]{43}$/);
    expect(readFileSync(path.join(dir, '.data', 'gateway-secret'), 'utf8')).toBe(first);
    expect(loadConfig({ NODE_ENV: 'development', JWT_SECRET, TENANTGRAPH_ROOT: dir }).subscriptions.gatewaySecret).toBe(first);
  });
});

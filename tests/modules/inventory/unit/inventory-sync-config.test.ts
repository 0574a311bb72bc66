import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CredentialCipher } from '../../../../src/modules/inventory/connectors/credential-cipher.js';
import { loadInventorySyncConfig } from '../../../../src/modules/inventory/services/inventory-sync-config.js';

const JWT_SECRET = 'x'.repeat(40);
const KEY = randomBytes(32).toString('base64');

describe('inventory sync configuration', () => {
  it('defaults point at the public Microsoft cloud', () => {
    const config = loadInventorySyncConfig({}, 'development', JWT_SECRET);
    expect(config.graph).toEqual({ loginUrl: 'https://login.microsoftonline.com', baseUrl: 'https://graph.microsoft.com/beta' });
    expect(config).toMatchObject({ maxBackoffSeconds: 120, scheduleIntervalSeconds: 60, scheduleBatchLimit: 50 });
  });

  it('production requires CREDENTIALS_ENCRYPTION_KEY', () => {
    expect(() => loadInventorySyncConfig({}, 'production', JWT_SECRET)).toThrow('CREDENTIALS_ENCRYPTION_KEY is required when NODE_ENV=production.');
    expect(loadInventorySyncConfig({ CREDENTIALS_ENCRYPTION_KEY: KEY }, 'production', JWT_SECRET).credentialKeys.current).toEqual(Buffer.from(KEY, 'base64'));
  });

  it('outside production a missing key is derived from the JWT secret: stable for the same secret, different for another', () => {
    const once = loadInventorySyncConfig({}, 'development', JWT_SECRET).credentialKeys.current;
    expect(loadInventorySyncConfig({}, 'test', JWT_SECRET).credentialKeys.current).toEqual(once);
    expect(loadInventorySyncConfig({}, 'development', 'y'.repeat(40)).credentialKeys.current).not.toEqual(once);
    expect(once).toHaveLength(32);
  });

  it('previous keys still open what they sealed', () => {
    const old = loadInventorySyncConfig({ CREDENTIALS_ENCRYPTION_KEY: KEY }, 'test', JWT_SECRET);
    const sealed = new CredentialCipher(old.credentialKeys).seal('s3cret', 'tenant');
    const rotated = loadInventorySyncConfig(
      { CREDENTIALS_ENCRYPTION_KEY: randomBytes(32).toString('base64'), CREDENTIALS_ENCRYPTION_PREVIOUS_KEYS: ` ${KEY} ,` },
      'test',
      JWT_SECRET,
    );
    expect(new CredentialCipher(rotated.credentialKeys).open(sealed, 'tenant')).toBe('s3cret');
  });

  it.each(['short', randomBytes(16).toString('base64'), randomBytes(33).toString('base64'), `${KEY.slice(0, -2)}!=`])(
    'refuses a key that is not 32 bytes of base64 (%s)',
    (value) => {
      expect(() => loadInventorySyncConfig({ CREDENTIALS_ENCRYPTION_KEY: value }, 'test', JWT_SECRET)).toThrow(
        'CREDENTIALS_ENCRYPTION_KEY must be 32 random bytes in base64',
      );
    },
  );

  it('secrets and tokens never travel over plain http in production', () => {
    expect(() => loadInventorySyncConfig({ CREDENTIALS_ENCRYPTION_KEY: KEY, GRAPH_BASE_URL: 'http://graph.example' }, 'production', JWT_SECRET)).toThrow(
      'GRAPH_BASE_URL must use https when NODE_ENV=production',
    );
    expect(loadInventorySyncConfig({ GRAPH_LOGIN_URL: 'http://127.0.0.1:9/login/' }, 'test', JWT_SECRET).graph.loginUrl).toBe('http://127.0.0.1:9/login');
  });

  it.each([
    [{ GRAPH_LOGIN_URL: 'not a url' }, 'GRAPH_LOGIN_URL must be an absolute URL'],
    [{ GRAPH_BASE_URL: 'ftp://graph.example' }, 'GRAPH_BASE_URL must be an http(s) URL'],
    [{ INVENTORY_SYNC_MAX_BACKOFF_SECONDS: '-1' }, 'INVENTORY_SYNC_MAX_BACKOFF_SECONDS must be an integer >= 0'],
    [{ INVENTORY_SYNC_SCHEDULE_SECONDS: '0' }, 'INVENTORY_SYNC_SCHEDULE_SECONDS must be an integer >= 1'],
  ])('refuses bad settings with the variable named: %j', (env, message) => {
    expect(() => loadInventorySyncConfig(env, 'test', JWT_SECRET)).toThrow(message);
  });
});

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { credentialKeyId, CredentialCipher, CredentialUnreadable } from '../../../../src/modules/inventory/connectors/credential-cipher.js';

const TENANT = '0190a1b2-0000-7000-8000-000000000001';
const OTHER_TENANT = '0190a1b2-0000-7000-8000-000000000002';
const SECRET = 'Abc8Q~secret.value-with_symbols~äö';

describe('credential cipher (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const cipher = new CredentialCipher({ current: key, previous: [] });

  it('round-trips a secret, and the ciphertext does not contain it', () => {
    const sealed = cipher.seal(SECRET, TENANT);
    expect(sealed.keyId).toBe(credentialKeyId(key));
    expect(sealed.ciphertext).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed.ciphertext).not.toContain('secret');
    expect(cipher.open(sealed, TENANT)).toBe(SECRET);
  });

  it('seals the same secret differently every time (fresh IV)', () => {
    expect(cipher.seal(SECRET, TENANT).ciphertext).not.toBe(cipher.seal(SECRET, TENANT).ciphertext);
  });

  it('a ciphertext copied onto another tenant does not open', () => {
    expect(() => cipher.open(cipher.seal(SECRET, TENANT), OTHER_TENANT)).toThrow(CredentialUnreadable);
  });

  it('an altered ciphertext does not open', () => {
    const sealed = cipher.seal(SECRET, TENANT);
    const [format, iv, tag, body] = sealed.ciphertext.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => cipher.open({ ...sealed, ciphertext: [format, iv, tag, flipped.toString('base64url')].join('.') }, TENANT)).toThrow(CredentialUnreadable);
    expect(() => cipher.open({ ...sealed, ciphertext: 'v2.a.b.c' }, TENANT)).toThrow(CredentialUnreadable);
  });

  it('after a key rotation, secrets sealed with the previous key still open and new ones use the new key', () => {
    const sealedBefore = cipher.seal(SECRET, TENANT);
    const rotated = new CredentialCipher({ current: randomBytes(32), previous: [key] });
    expect(rotated.open(sealedBefore, TENANT)).toBe(SECRET);
    expect(rotated.seal(SECRET, TENANT).keyId).not.toBe(sealedBefore.keyId);
  });

  it('a secret sealed with a key that is not configured is unreadable, naming the key id', () => {
    const sealed = cipher.seal(SECRET, TENANT);
    const stranger = new CredentialCipher({ current: randomBytes(32), previous: [] });
    expect(() => stranger.open(sealed, TENANT)).toThrow(`sealed with key ${sealed.keyId}`);
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => new CredentialCipher({ current: randomBytes(16), previous: [] })).toThrow('32 bytes');
  });
});

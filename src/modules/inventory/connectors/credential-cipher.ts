import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export const CREDENTIAL_KEY_BYTES = 32;
const IV_BYTES = 12;
const FORMAT = 'v1';

export interface CredentialKeys {
  /** Seals every new secret. */
  current: Buffer;
  /** Earlier keys: they still open what they sealed, so keys can be rotated without losing credentials. */
  previous: readonly Buffer[];
}

export interface SealedSecret {
  keyId: string;
  ciphertext: string;
}

/** A secret that cannot be opened: its key is unknown here, or the ciphertext or its context was altered. */
export class CredentialUnreadable extends Error {
  constructor(detail: string) {
    super(`The stored credential cannot be decrypted: ${detail}.`);
    this.name = 'CredentialUnreadable';
  }
}

/** A short, stable, non-secret name for a key (a hash of it), stored beside what it sealed. */
export function credentialKeyId(key: Buffer): string {
  return createHash('sha256').update('tenantgraph.credential-key.v1:').update(key).digest('hex').slice(0, 16);
}

/**
 * AES-256-GCM for connector secrets at rest. Every secret gets a fresh random IV; the context (the
 * tenant id) is authenticated additional data, so a ciphertext copied onto another tenant's row
 * does not open. The key id says which key sealed it.
 */
export class CredentialCipher {
  private readonly keys = new Map<string, Buffer>();
  private readonly currentId: string;

  constructor(keys: CredentialKeys) {
    for (const key of [keys.current, ...keys.previous]) {
      if (key.length !== CREDENTIAL_KEY_BYTES) throw new Error(`A credential key must be ${CREDENTIAL_KEY_BYTES} bytes; got ${key.length}.`);
      this.keys.set(credentialKeyId(key), key);
    }
    this.currentId = credentialKeyId(keys.current);
  }

  seal(plaintext: string, context: string): SealedSecret {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentId)!, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url'));
    return { keyId: this.currentId, ciphertext: [FORMAT, ...parts].join('.') };
  }

  open(sealed: SealedSecret, context: string): string {
    const key = this.keys.get(sealed.keyId);
    if (!key) throw new CredentialUnreadable(`it was sealed with key ${sealed.keyId}, which is not configured`);
    const [format, iv, tag, body, ...rest] = sealed.ciphertext.split('.');
    if (format !== FORMAT || !iv || !tag || body === undefined || rest.length > 0) throw new CredentialUnreadable('unknown ciphertext format');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new CredentialUnreadable('authentication failed (altered ciphertext, or sealed for another tenant)');
    }
  }
}

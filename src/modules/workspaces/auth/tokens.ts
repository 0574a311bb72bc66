import { randomUUID } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import type { AppConfig } from '../../../platform/config.js';
import { isUuid } from '../../../platform/ids.js';

export interface VerifiedToken {
  userId: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

export class TokenError extends Error {}

/** Verifies bearer tokens: HS256 with the shared secret, or asymmetric tokens from the configured JWKS. */
export class TokenVerifier {
  private readonly secret: Uint8Array;
  private readonly jwks: JWTVerifyGetKey | null;

  constructor(private readonly auth: AppConfig['auth']) {
    this.secret = new TextEncoder().encode(auth.jwtSecret);
    this.jwks = auth.jwksUrl ? createRemoteJWKSet(new URL(auth.jwksUrl)) : null;
  }

  async verify(token: string): Promise<VerifiedToken> {
    let algorithm: string | undefined;
    try {
      algorithm = decodeProtectedHeader(token).alg;
    } catch {
      throw new TokenError('The bearer token is not a JWT.');
    }
    const options = { issuer: this.auth.issuer, audience: this.auth.audience };
    let payload;
    try {
      if (algorithm === 'HS256') {
        ({ payload } = await jwtVerify(token, this.secret, { ...options, algorithms: ['HS256'] }));
      } else if (this.jwks) {
        ({ payload } = await jwtVerify(token, this.jwks, { ...options, algorithms: ['RS256', 'ES256', 'EdDSA'] }));
      } else {
        throw new TokenError(`Tokens signed with ${algorithm ?? 'no algorithm'} are not accepted.`);
      }
    } catch (error) {
      if (error instanceof TokenError) throw error;
      const code = (error as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED') throw new TokenError('The bearer token has expired; request a new one.');
      throw new TokenError('The bearer token is invalid.');
    }
    if (!isUuid(payload.sub)) throw new TokenError('The bearer token has no valid subject.');
    if (typeof payload.exp !== 'number') throw new TokenError('The bearer token has no expiry.');
    return { userId: payload.sub, expiresAt: payload.exp };
  }
}

/**
 * A signed token for `userId`. Each carries its own id (`jti`): two issued for the same user in
 * the same second are still told apart by the per-token socket limit and entitlement cache.
 */
export async function issueToken(auth: AppConfig['auth'], userId: string, ttlSeconds = auth.tokenTtlSeconds): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuer(auth.issuer)
    .setAudience(auth.audience)
    .setIssuedAt()
    .setJti(randomUUID())
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(new TextEncoder().encode(auth.jwtSecret));
}

/** Extracts the token from an `Authorization: Bearer …` value; null when absent. */
export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new TokenError('The Authorization header must be "Bearer <token>".');
  return match[1]!;
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../../../src/platform/config.js';
import { issueToken, TokenVerifier } from '../../../../src/modules/workspaces/auth/tokens.js';
import { newId } from '../../../../src/platform/ids.js';

/**
 * Gateways that mint their own tokens publish their keys as a JWKS; the verifier fetches it over
 * HTTP (a real local server here) and accepts only tokens those keys signed, for our issuer and
 * audience, with an expiry.
 */
describe('bearer tokens signed by a gateway and verified through its JWKS', () => {
  let server: Server;
  let gatewayKey: CryptoKey;
  let strangerKey: CryptoKey;
  let auth: AppConfig['auth'];

  const gatewayToken = (claims: { key?: CryptoKey; kid?: string; audience?: string; expiresAt?: number; subject?: string } = {}) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: claims.kid ?? 'gateway-1' })
      .setSubject(claims.subject ?? newId())
      .setIssuer('tenantgraph')
      .setAudience(claims.audience ?? 'tenantgraph')
      .setIssuedAt()
      .setExpirationTime(claims.expiresAt ?? Math.floor(Date.now() / 1000) + 600)
      .sign(claims.key ?? gatewayKey);
  const failure = (verifier: TokenVerifier, token: string) =>
    verifier.verify(token).then(
      () => 'verified',
      (error: Error) => error.message,
    );

  beforeAll(async () => {
    const gateway = await generateKeyPair('RS256', { extractable: true });
    gatewayKey = gateway.privateKey;
    strangerKey = (await generateKeyPair('RS256')).privateKey;
    const jwk: JWK = { ...(await exportJWK(gateway.publicKey)), kid: 'gateway-1', alg: 'RS256', use: 'sig' };
    server = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    auth = {
      jwtSecret: 'a-test-secret-that-is-long-enough-000000',
      issuer: 'tenantgraph',
      audience: 'tenantgraph',
      jwksUrl: `http://127.0.0.1:${port}/jwks.json`,
      tokenTtlSeconds: 600,
    };
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('accepts a token signed by a key of the JWKS and reads its subject', async () => {
    const subject = newId();
    await expect(new TokenVerifier(auth).verify(await gatewayToken({ subject }))).resolves.toMatchObject({ userId: subject });
  });

  it('still accepts the installation’s own HS256 tokens', async () => {
    const subject = newId();
    await expect(new TokenVerifier(auth).verify(await issueToken(auth, subject))).resolves.toMatchObject({ userId: subject });
  });

  it('refuses a token signed by a key that is not in the JWKS, whatever kid it claims', async () => {
    const verifier = new TokenVerifier(auth);
    expect(await failure(verifier, await gatewayToken({ key: strangerKey }))).toBe('The bearer token is invalid.');
    expect(await failure(verifier, await gatewayToken({ key: strangerKey, kid: 'unknown' }))).toBe('The bearer token is invalid.');
  });

  it('refuses a gateway token for another audience, and says when one has expired', async () => {
    const verifier = new TokenVerifier(auth);
    expect(await failure(verifier, await gatewayToken({ audience: 'someone-else' }))).toBe('The bearer token is invalid.');
    expect(await failure(verifier, await gatewayToken({ expiresAt: Math.floor(Date.now() / 1000) - 60 }))).toBe(
      'The bearer token has expired; request a new one.',
    );
  });

  it('refuses asymmetric tokens when no JWKS is configured', async () => {
    const verifier = new TokenVerifier({ ...auth, jwksUrl: null });
    expect(await failure(verifier, await gatewayToken())).toBe('Tokens signed with RS256 are not accepted.');
  });

  it('refuses an unsigned token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: newId(), iss: 'tenantgraph', aud: 'tenantgraph', exp: Math.floor(Date.now() / 1000) + 600 })).toString(
      'base64url',
    );
    expect(await failure(new TokenVerifier(auth), `${header}.${payload}.`)).toBe('The bearer token is invalid.');
    expect(await failure(new TokenVerifier({ ...auth, jwksUrl: null }), `${header}.${payload}.`)).toBe('Tokens signed with none are not accepted.');
  });
});

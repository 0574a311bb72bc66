import { describe, expect, it } from 'vitest';
import { newId } from '../../../../src/platform/ids.js';
import { issueToken, TokenVerifier } from '../../../../src/modules/workspaces/auth/tokens.js';

const auth = { jwtSecret: 'x'.repeat(32), issuer: 'tenantgraph', audience: 'tenantgraph', jwksUrl: null, tokenTtlSeconds: 3600 };

describe('issued tokens', () => {
  it('two tokens issued for the same user in the same second are distinct, so per-token limits and caches tell them apart', async () => {
    const userId = newId();
    const [first, second] = await Promise.all([issueToken(auth, userId), issueToken(auth, userId)]);
    expect(first).not.toBe(second);
    const verifier = new TokenVerifier(auth);
    expect((await verifier.verify(first)).userId).toBe(userId);
    expect((await verifier.verify(second)).userId).toBe(userId);
  });
});

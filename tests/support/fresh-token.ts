import type { TestApp } from './test-app.js';

let issued = 0;

/**
 * A token for `userId` that no request has used yet (each one expires a second earlier than the
 * last), so the API verifies it and reads the user's entitlements instead of using its cache.
 */
export function freshToken(app: TestApp, userId: string): Promise<string> {
  issued++;
  return app.token(userId, app.config.auth.tokenTtlSeconds - issued);
}

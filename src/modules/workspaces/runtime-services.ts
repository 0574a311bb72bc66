import type { RequestEntitlements } from './auth/request-entitlements.js';
import type { TokenVerifier } from './auth/tokens.js';

declare module '../../platform/runtime.js' {
  interface Runtime {
    tokens: TokenVerifier;
    /** The caller behind a request's token, cached briefly per token and ended by membership changes. */
    entitlements: RequestEntitlements;
  }
}

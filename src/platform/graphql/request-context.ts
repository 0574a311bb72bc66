import type { EntityManager } from '@mikro-orm/postgresql';
import type { Runtime } from '../runtime.js';
import type { Loaders } from './loaders.js';

/**
 * Everything a resolver may use: a fresh entity manager, per-request loaders and one instant. The
 * workspaces module adds the caller (`actor`), since identity is its concern.
 */
export interface RequestContext {
  runtime: Runtime;
  em: EntityManager;
  loaders: Loaders;
  requestId: string;
  /** One instant per request, so every derived field (freshness, staleness) agrees within a response. */
  now: Date;
  /** Why the bearer token was refused, when it was; reported by the first field that needs an actor. */
  authError?: string;
}

import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../modules/workspaces/auth/actor.js';
import { bearerToken, TokenError } from '../modules/workspaces/auth/tokens.js';
import { unauthenticated } from '../platform/errors.js';
import { createLoaders, type Loaders } from './loaders.js';
import type { Runtime } from './runtime.js';

/** Everything a resolver may use: a fresh entity manager, the caller, and per-request loaders. */
export interface RequestContext {
  runtime: Runtime;
  em: EntityManager;
  actor: Actor | null;
  loaders: Loaders;
  requestId: string;
  /** One instant per request, so every derived field (freshness, staleness) agrees within a response. */
  now: Date;
  /** Why the bearer token was refused, when it was; reported by the first field that needs an actor. */
  authError?: string;
}

export async function createRequestContext(runtime: Runtime, authorization: string | undefined | null): Promise<RequestContext> {
  const em = runtime.orm.em.fork();
  let actor: Actor | null = null;
  let authError: string | undefined;
  try {
    const token = bearerToken(authorization);
    if (token) {
      actor = await runtime.entitlements.actorFor(em, token);
      if (!actor) authError = 'The user behind this token no longer exists.';
    }
  } catch (error) {
    if (!(error instanceof TokenError)) throw error;
    authError = error.message;
  }
  return { runtime, em, actor, loaders: createLoaders(em), requestId: randomUUID(), now: new Date(), authError };
}

export function requireActor(context: RequestContext): Actor {
  if (!context.actor) throw unauthenticated(context.authError);
  return context.actor;
}

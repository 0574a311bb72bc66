import { randomUUID } from 'node:crypto';
import type { Actor } from '../modules/workspaces/auth/actor.js';
import { bearerToken, TokenError } from '../modules/workspaces/auth/tokens.js';
import type { RequestContext } from '../platform/graphql/request-context.js';
import type { Runtime } from '../platform/runtime.js';
import { createLoaders } from './loaders.js';

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

import type { RequestContext } from '../../../platform/graphql/request-context.js';
import { unauthenticated } from '../../../platform/errors.js';
import type { Actor } from './actor.js';

declare module '../../../platform/graphql/request-context.js' {
  interface RequestContext {
    /** The caller behind the request's bearer token; null without one, or when it was refused. */
    actor: Actor | null;
  }
}

export function requireActor(context: RequestContext): Actor {
  if (!context.actor) throw unauthenticated(context.authError);
  return context.actor;
}

export function actorId(context: RequestContext): string {
  return requireActor(context).user.id;
}

import { GraphQLError } from 'graphql';

/** The stable `extensions.code` values clients may branch on. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'INTERNAL_SERVER_ERROR'
  /** A subscription refused because the caller already runs as many as a limit allows. */
  | 'SUBSCRIPTION_LIMIT'
  /** A subscription ended because its client read events more slowly than they came. */
  | 'SLOW_CONSUMER'
  /** A subscription ended because an event could not be resolved whole; resume after `extensions.resumeAfter`. */
  | 'EVENT_DELIVERY_FAILED';

export interface FieldProblem {
  /** Index of the offending list entry, when the problem is inside a list input. */
  index?: number;
  field: string;
  message: string;
}

export function error(code: ErrorCode, message: string, extra: Record<string, unknown> = {}, httpStatus?: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, ...extra, ...(httpStatus ? { http: { status: httpStatus } } : {}) },
  });
}

export const unauthenticated = (message = 'Sign in: send a valid bearer token in the Authorization header.') => error('UNAUTHENTICATED', message, {}, 401);

/** The object does not exist for this actor: used both for missing rows and for scopes the actor is not entitled to. */
export const notFound = (what: string) => error('NOT_FOUND', `${what} not found.`);

export const forbidden = (capability: string) =>
  error('FORBIDDEN', `Your role does not allow this action (requires capability "${capability}").`, { capability });

export const badInput = (message: string, problems: FieldProblem[] = []) => error('BAD_USER_INPUT', message, problems.length > 0 ? { problems } : {});

export const invalidId = (argument: string) =>
  badInput(`"${argument}" is not a valid ID. IDs are UUIDs returned by this API.`, [{ field: argument, message: 'not a valid ID' }]);

/**
 * Ends a subscription whose next event could not be resolved whole (e.g. the database failed
 * while resolving it). Nothing after `resumeAfter` was sent: resubscribing with `after:` it
 * delivers that event and everything after it, once each. Null only when a live subscription
 * failed before it had a position; subscribe again.
 */
export const eventDeliveryFailed = (resumeAfter: string | null) =>
  error(
    'EVENT_DELIVERY_FAILED',
    'An event could not be delivered whole; this subscription ended before it. Subscribe again with `after: extensions.resumeAfter` to receive it and everything after it.',
    { resumeAfter },
  );

/** The answer to a subscription that did not come over graphql-ws. */
export const SUBSCRIPTIONS_ARE_WEBSOCKET_ONLY = 'Subscriptions are served over WebSocket (graphql-ws) at /graphql; send queries and mutations over HTTP.';

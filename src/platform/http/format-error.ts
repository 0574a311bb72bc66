import { randomUUID } from 'node:crypto';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { logger } from '../logger.js';

/** Codes whose messages are written for the caller and may be shown as they are. */
const CALLER_FACING_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'SUBSCRIPTION_LIMIT',
  'SLOW_CONSUMER',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'EVENT_DELIVERY_FAILED',
]);

/** Whether the error is an answer written for the caller (a refusal, bad input…) rather than a failure of the server. */
export function isCallerFacing(error: { extensions?: { code?: unknown } }): boolean {
  const code = error.extensions?.code;
  return typeof code === 'string' && CALLER_FACING_CODES.has(code);
}

/**
 * Apollo relabels every validation error GRAPHQL_VALIDATION_FAILED; a rule of ours (the depth limit)
 * that chose a code of its own keeps it. Errors of graphql-js's own rules carry no code and are left alone.
 * Read structurally: Apollo's errors may come from another copy of graphql, so `instanceof` is unreliable.
 */
function withOwnValidationCode(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (formatted.extensions?.code !== 'GRAPHQL_VALIDATION_FAILED') return formatted;
  const code = (error as { originalError?: { extensions?: { code?: unknown } } } | null)?.originalError?.extensions?.code;
  return typeof code === 'string' && CALLER_FACING_CODES.has(code) ? { ...formatted, extensions: { ...formatted.extensions, code } } : formatted;
}

/**
 * Everything else is an internal error: logged with a correlation id and replaced by a masked
 * message, so stack traces, SQL and driver messages never reach a client.
 */
export function formatError(received: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const formatted = withOwnValidationCode(received, error);
  if (isCallerFacing(formatted)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  const errorId = randomUUID();
  logger.error('internal error while executing a GraphQL operation', { errorId, path: formatted.path, error: unwrapResolverError(error) });
  return {
    message: `Internal server error (reference ${errorId}).`,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
  };
}

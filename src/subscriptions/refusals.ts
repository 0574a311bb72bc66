import { CloseCode } from 'graphql-ws';
import type { GraphQLError } from 'graphql';
import { error, type ErrorCode } from '../errors.js';
import { SLOW_CONSUMER_CLOSE_CODE } from './event-stream.js';

/** Close codes besides graphql-ws's own (4401 Unauthorized, 4403 Forbidden, …). */
export const TOO_MANY_SOCKETS_CLOSE_CODE = 4430;
/** WebSocket's "try again later": the socket could not be served now; graphql-ws clients reconnect. */
export const TRY_AGAIN_LATER_CLOSE_CODE = 1013;

/** The `extensions.code` a refusal carries where it cannot be a close code (behind a gateway). */
const CODE_OF_CLOSE: Record<number, ErrorCode> = {
  [CloseCode.Unauthorized]: 'UNAUTHENTICATED',
  [SLOW_CONSUMER_CLOSE_CODE]: 'SLOW_CONSUMER',
};

/** A socket-closing refusal (close code and reason) as the GraphQL error that says the same. */
export function refusalError(closeCode: number, reason: string): GraphQLError {
  return error(CODE_OF_CLOSE[closeCode] ?? 'INTERNAL_SERVER_ERROR', reason);
}

export const subscriptionLimit = (message: string): GraphQLError => error('SUBSCRIPTION_LIMIT', message);

import type { GraphQLError } from 'graphql';
import { error, type ErrorCode } from '../platform/errors.js';
import { SocketCloseCode } from './close-codes.js';

/** The `extensions.code` a refusal carries where it cannot be a close code (behind a gateway). */
const CODE_OF_CLOSE: Record<number, ErrorCode> = {
  [SocketCloseCode.Unauthorized]: 'UNAUTHENTICATED',
  [SocketCloseCode.SlowConsumer]: 'SLOW_CONSUMER',
};

/** A socket-closing refusal (close code and reason) as the GraphQL error that says the same. */
export function refusalError(closeCode: number, reason: string): GraphQLError {
  return error(CODE_OF_CLOSE[closeCode] ?? 'INTERNAL_SERVER_ERROR', reason);
}

export const subscriptionLimit = (message: string): GraphQLError => error('SUBSCRIPTION_LIMIT', message);

import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { SUBSCRIPTIONS_ARE_WEBSOCKET_ONLY } from '../platform/errors.js';

/**
 * Apollo Server would execute a subscription sent over HTTP like a query, resolving each root field
 * without an event (an internal error for the client). Refuse it up front with a message that says
 * where subscriptions are served.
 */
export function refuseSubscriptionsOverHttp<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === 'subscription') {
            throw new GraphQLError(SUBSCRIPTIONS_ARE_WEBSOCKET_ONLY, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
          }
        },
      };
    },
  };
}

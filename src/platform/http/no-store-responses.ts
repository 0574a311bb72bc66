import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Every GraphQL response is per caller and never cacheable: `cache-control: no-store`, the header
 * Apollo's cache-control plugin would compute for a schema without cache hints. That plugin is
 * turned off because it wraps every field resolver to collect hints this schema never gives.
 */
export function noStoreResponses<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}

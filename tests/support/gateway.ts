import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { logger } from '../../src/platform/logger.js';
import type { GqlResult } from './test-app.js';

interface GatewayContext {
  authorization: string | undefined;
}

export interface TestGateway {
  url: string;
  gql<TData = any>(query: string, token?: string | null): Promise<GqlResult<TData>>;
  stop(): Promise<void>;
}

/**
 * An Apollo Gateway in front of the subgraphs named in `supergraphSdl`, the way a router runs
 * them: the caller's Authorization header is forwarded to every subgraph fetch.
 */
export async function startGateway(supergraphSdl: string): Promise<TestGateway> {
  // Otherwise the gateway exports usage metrics to Apollo's servers.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({
    supergraphSdl,
    logger,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url,
        willSendRequest({ request, context }) {
          if (context.authorization) request.http?.headers.set('authorization', context.authorization);
        },
      }),
  });
  const server = new ApolloServer<GatewayContext>({ gateway, logger });
  const { url } = await startStandaloneServer(server, {
    listen: { host: '127.0.0.1', port: 0 },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  return {
    url,
    async gql(query, token) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query }),
      });
      return { status: response.status, ...((await response.json()) as Omit<GqlResult<never>, 'status'>) };
    },
    stop: () => server.stop(),
  };
}

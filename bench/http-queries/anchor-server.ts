import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { loadTypeDefs } from '../../src/app/schema.js';

export interface AnchorServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The ceiling: a bare Apollo Server 5 built from the same SDL (buildSubgraphSchema),
 * whose root fields answer from memory with the data tenantgraph returned for the same query, so
 * it executes the same selection over the same shape with no auth, database or loaders.
 */
export async function startAnchorServer(answers: { operationRuns: unknown; workspace: unknown }): Promise<AnchorServer> {
  const resolvers = { Query: { operationRuns: () => answers.operationRuns, workspace: () => answers.workspace } };
  const server = new ApolloServer({
    schema: buildSubgraphSchema({ typeDefs: loadTypeDefs(), resolvers: resolvers as GraphQLResolverMap<unknown> }),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, close: () => server.stop() };
}

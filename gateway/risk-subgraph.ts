import { createHash } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { logger } from '../src/platform/logger.js';

/** A second team's subgraph: it owns a risk score for our Tenant entity and a watchlist of tenant ids. */
export const RISK_TYPE_DEFS = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  type Tenant @key(fields: "id") {
    id: ID!
    "0 to 99, derived from the id alone."
    riskScore: Int!
  }

  type Query {
    "The watched tenants, in watchlist order; an entry the caller may not see is null."
    watchlist: [Tenant]!
  }
`);

export function riskScoreOf(tenantId: string): number {
  return createHash('sha256').update(tenantId).digest().readUInt8(0) % 100;
}

export interface RiskSubgraph {
  url: string;
  stop(): Promise<void>;
}

/** Serves the risk subgraph (on an ephemeral port by default). It knows tenant ids only; everything else comes from tenantgraph. */
export async function startRiskSubgraph(watchlist: readonly string[], port = 0): Promise<RiskSubgraph> {
  const server = new ApolloServer({
    schema: buildSubgraphSchema({
      typeDefs: RISK_TYPE_DEFS,
      resolvers: {
        Query: { watchlist: () => watchlist.map((id) => ({ id })) },
        Tenant: {
          __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
          riskScore: (tenant: { id: string }) => riskScoreOf(tenant.id),
        },
      },
    }),
    logger,
  });
  const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port } });
  return { url, stop: () => server.stop() };
}

import { composeServices } from '@apollo/composition';
import type { DocumentNode } from 'graphql';
import { loadTypeDefs } from '../src/app/schema.js';
import { RISK_TYPE_DEFS } from './risk-subgraph.js';

/**
 * The supergraph of tenantgraph (its SDL, the .graphql files under src/) and the risk subgraph,
 * composed with Apollo's composition as `rover supergraph compose` would. Any Federation 2
 * gateway runs it: Hive Gateway, Apollo Router.
 */
export function composeSupergraph(urls: { tenantgraph: string; risk: string }): string {
  const subgraphs: { name: string; url: string; typeDefs: DocumentNode }[] = [
    { name: 'tenantgraph', url: urls.tenantgraph, typeDefs: loadTypeDefs() },
    { name: 'risk', url: urls.risk, typeDefs: RISK_TYPE_DEFS },
  ];
  const result = composeServices(subgraphs);
  if (result.errors) throw new Error(`The supergraph does not compose:\n${result.errors.map((error) => error.message).join('\n')}`);
  return result.supergraphSdl;
}

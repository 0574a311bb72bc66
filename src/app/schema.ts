import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { buildResolvers } from './resolvers.js';
import { remapEnumDefaults } from '../platform/graphql/enum-defaults.js';
import { guardEntityRepresentations } from '../platform/graphql/entity-representations.js';

/** The SDL contract: the shared base, then each module's schema and the live (subscription) schema, in layer order. */
export const SDL_FILES = [
  'platform/graphql/base.graphql',
  'modules/workspaces/schema.graphql',
  'modules/tenants/schema.graphql',
  'modules/operation-runs/schema.graphql',
  'modules/inventory/schema.graphql',
  'modules/baselines/schema.graphql',
  'live/schema.graphql',
].map((file) => fileURLToPath(new URL(`../${file}`, import.meta.url)));

export function loadTypeDefs(): DocumentNode {
  return parse(SDL_FILES.map((file) => readFileSync(file, 'utf8')).join('\n'));
}

export function buildSchema(): GraphQLSchema {
  return guardEntityRepresentations(
    remapEnumDefaults(buildSubgraphSchema({ typeDefs: loadTypeDefs(), resolvers: buildResolvers() as GraphQLResolverMap<unknown> })),
  );
}

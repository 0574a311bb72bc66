import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { MODULES } from './modules.js';
import { buildResolvers } from './resolvers.js';
import { remapEnumDefaults } from '../platform/graphql/enum-defaults.js';
import { guardEntityRepresentations } from '../platform/graphql/entity-representations.js';

/** The SDL contract: the shared base, each module's schema in layer order, then the live (subscription) schema. */
export const SDL_FILES = [
  new URL('../platform/graphql/base.graphql', import.meta.url),
  ...MODULES.map((module) => module.typeDefs),
  new URL('../live/schema.graphql', import.meta.url),
].map((url) => fileURLToPath(url));

export function loadTypeDefs(): DocumentNode {
  return parse(SDL_FILES.map((file) => readFileSync(file, 'utf8')).join('\n'));
}

export function buildSchema(): GraphQLSchema {
  return guardEntityRepresentations(
    remapEnumDefaults(buildSubgraphSchema({ typeDefs: loadTypeDefs(), resolvers: buildResolvers() as GraphQLResolverMap<unknown> })),
  );
}

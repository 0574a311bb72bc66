import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { buildResolvers } from '../resolvers/index.js';
import { remapEnumDefaults } from './enum-defaults.js';
import { guardEntityRepresentations } from './entity-representations.js';

export const SCHEMA_DIR = fileURLToPath(new URL('../../schema', import.meta.url));

/** The SDL contract: every `schema/*.graphql` file, in name order. */
export function loadTypeDefs(): DocumentNode {
  const files = readdirSync(SCHEMA_DIR)
    .filter((file) => file.endsWith('.graphql'))
    .sort();
  return parse(files.map((file) => readFileSync(path.join(SCHEMA_DIR, file), 'utf8')).join('\n'));
}

export function buildSchema(): GraphQLSchema {
  return guardEntityRepresentations(
    remapEnumDefaults(buildSubgraphSchema({ typeDefs: loadTypeDefs(), resolvers: buildResolvers() as GraphQLResolverMap<unknown> })),
  );
}

import { mergeResolvers } from '@graphql-tools/merge';
import type { Resolvers } from '../generated/resolvers-types.js';
import { resolvers as live } from '../live/resolvers/index.js';
import { DateTimeScalar, JsonScalar } from '../platform/graphql/scalars.js';
import { enumResolvers } from './enums.js';
import { MODULES } from './modules.js';

/** Every module's resolvers; a root type (Query, Mutation) or an entity another module extends gets fields from several modules. */
export function buildResolvers(): Resolvers {
  return mergeResolvers([{ DateTime: DateTimeScalar, JSON: JsonScalar }, enumResolvers, ...MODULES.map((module) => module.resolvers), live]) as Resolvers;
}

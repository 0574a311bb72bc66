import { mergeResolvers } from '@graphql-tools/merge';
import type { Resolvers } from '../generated/resolvers-types.js';
import { resolvers as live } from '../live/resolvers/index.js';
import { resolvers as baselines } from '../modules/baselines/resolvers/index.js';
import { resolvers as inventory } from '../modules/inventory/resolvers/index.js';
import { resolvers as notifications } from '../modules/notifications/resolvers/index.js';
import { resolvers as operationRuns } from '../modules/operation-runs/resolvers/index.js';
import { resolvers as tenants } from '../modules/tenants/resolvers/index.js';
import { resolvers as workspaces } from '../modules/workspaces/resolvers/index.js';
import { DateTimeScalar, JsonScalar } from '../platform/graphql/scalars.js';
import { enumResolvers } from './enums.js';

/** Every module's resolvers; a root type (Query, Mutation) or an entity another module extends gets fields from several modules. */
export function buildResolvers(): Resolvers {
  return mergeResolvers([
    { DateTime: DateTimeScalar, JSON: JsonScalar },
    enumResolvers,
    workspaces,
    tenants,
    notifications,
    operationRuns,
    inventory,
    baselines,
    live,
  ]) as Resolvers;
}

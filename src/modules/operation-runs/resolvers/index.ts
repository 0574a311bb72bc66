import { mutation } from './mutation.js';
import { operationRun } from './operation-run.js';
import { query } from './query.js';
import type { Resolvers } from '../../../generated/resolvers-types.js';

/** The resolvers of this module's types and of the root fields it adds, one file per type. */
export const resolvers: Resolvers = { Mutation: mutation, OperationRun: operationRun, Query: query };

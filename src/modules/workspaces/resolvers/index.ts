import { mutation } from './mutation.js';
import { query } from './query.js';
import { workspace } from './workspace.js';
import { workspaceMembership } from './workspace-membership.js';
import type { Resolvers } from '../../../generated/resolvers-types.js';

/** The resolvers of this module's types and of the root fields it adds, one file per type. */
export const resolvers: Resolvers = { Mutation: mutation, Query: query, Workspace: workspace, WorkspaceMembership: workspaceMembership };

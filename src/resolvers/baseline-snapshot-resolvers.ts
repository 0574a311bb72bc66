import type { Resolvers } from '../graphql/generated/resolvers-types.js';
import { authorizedSnapshot } from './guards.js';

export const baselineSnapshotResolvers: Resolvers = {
  Query: {
    baselineSnapshot: (_root, { id }, context) => authorizedSnapshot(context, id, 'baselines.view'),
  },

  BaselineSnapshot: {
    __resolveReference: (reference, context) => authorizedSnapshot(context, reference.id, 'baselines.view'),
    workspace: async (snapshot, _args, context) => (await context.loaders.workspace.load(snapshot.workspace))!,
    profile: async (snapshot, _args, context) => (await context.loaders.profile.load(snapshot.profile))!,
  },
};

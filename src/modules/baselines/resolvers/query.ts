import { authorizedProfile, authorizedSnapshot } from '../authorized-baselines.js';
import type { QueryResolvers } from '../../../generated/resolvers-types.js';

export const query: QueryResolvers = {
  baselineProfile: (_root, { id }, context) => authorizedProfile(context, id, 'baselines.view'),
  baselineSnapshot: (_root, { id }, context) => authorizedSnapshot(context, id, 'baselines.view'),
};

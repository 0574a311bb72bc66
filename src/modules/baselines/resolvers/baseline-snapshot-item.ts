import { snapshotSource } from '../services/snapshot-source-access.js';
import type { BaselineSnapshotItemResolvers } from '../../../generated/resolvers-types.js';

export const baselineSnapshotItem: BaselineSnapshotItemResolvers = {
  meta: async (item, _args, context) => {
    const snapshot = await context.loaders.snapshot.load(item.snapshot);
    return snapshot && (await snapshotSource(snapshot, context)).visible ? item.meta : null;
  },
};

import { isEntitled } from '../../workspaces/auth/authorize.js';
import { requireActor } from '../../workspaces/auth/request-actor.js';
import type { NotificationResolvers } from '../../../generated/resolvers-types.js';

export const notification: NotificationResolvers = {
  run: async (notification, _args, context) => {
    const run = notification.run ? await context.loaders.run.load(notification.run) : null;
    return run && isEntitled(requireActor(context), { workspaceId: run.workspace, tenantId: run.tenant }) ? run : null;
  },
};

import { parseIds } from '../../../platform/graphql/id-arguments.js';
import { requireActor } from '../../workspaces/auth/request-actor.js';
import { NotificationService } from '../services/notification-service.js';
import type { MutationResolvers } from '../../../generated/resolvers-types.js';

export const mutation: MutationResolvers = {
  markNotificationsRead: (_root, { ids }, context) => {
    const actor = requireActor(context);
    return new NotificationService(context.em).markRead(actor.user.id, parseIds(ids, 'ids', 200));
  },
};

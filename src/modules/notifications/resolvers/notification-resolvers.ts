import { requireActor } from '../../workspaces/auth/request-actor.js';
import { NotificationSchema } from '../entities/notification.js';
import { paginate } from '../../../platform/graphql/connection.js';
import type { Resolvers } from '../../../generated/resolvers-types.js';
import { NotificationService } from '../services/notification-service.js';
import { parseIds } from '../../../platform/graphql/id-arguments.js';

export const notificationResolvers: Resolvers = {
  Query: {
    notifications: (_root, { first, after, unreadOnly }, context) => {
      const actor = requireActor(context);
      const qb = context.em.createQueryBuilder(NotificationSchema, 'n').where({ user: actor.user.id });
      if (unreadOnly) qb.andWhere({ readAt: null });
      return paginate(
        qb,
        { connection: 'notifications', columns: [{ sql: 'n.id', cast: 'uuid' }], direction: 'desc', keyOf: (notification) => [notification.id] },
        { first, after },
      );
    },
  },
  Mutation: {
    markNotificationsRead: (_root, { ids }, context) => {
      const actor = requireActor(context);
      return new NotificationService(context.em).markRead(actor.user.id, parseIds(ids, 'ids', 200));
    },
  },
};

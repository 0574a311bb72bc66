import { paginate } from '../../../platform/graphql/connection.js';
import { requireActor } from '../../workspaces/auth/request-actor.js';
import { NotificationSchema } from '../entities/notification.js';
import type { QueryResolvers } from '../../../generated/resolvers-types.js';

export const query: QueryResolvers = {
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
};

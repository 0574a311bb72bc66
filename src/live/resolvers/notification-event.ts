import { encodeEventCursor } from '../../outbox/position.js';
import type { NotificationEventResolvers } from '../../generated/resolvers-types.js';

export const notificationEvent: NotificationEventResolvers = {
  cursor: (event) => encodeEventCursor(event.position),
  occurredAt: (event) => event.createdAt,
  notification: async (event, _args, context) => {
    const notification = await context.loaders.notification.load(String(event.payload.notificationId));
    if (!notification) throw new Error(`Notification ${String(event.payload.notificationId)} no longer exists.`);
    return notification;
  },
};

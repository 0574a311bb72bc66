import type { EntityManager } from '@mikro-orm/postgresql';
import { byId } from '../../platform/graphql/loader-factories.js';
import { NotificationSchema, type Notification } from './entities/notification.js';

export function createNotificationLoaders(em: EntityManager) {
  return { notification: byId<Notification>(em, NotificationSchema) };
}

type NotificationLoaders = ReturnType<typeof createNotificationLoaders>;

declare module '../../platform/graphql/loaders.js' {
  interface Loaders extends NotificationLoaders {}
}

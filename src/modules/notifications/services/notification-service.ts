import type { EntityManager } from '@mikro-orm/postgresql';
import { NotificationSchema, type Notification } from '../entities/notification.js';

/** A user's own notifications; nobody can read or mark another user's. */
export class NotificationService {
  constructor(private readonly em: EntityManager) {}

  /** Marks the given notifications of `userId` read (others' ids are ignored); returns them. */
  async markRead(userId: string, ids: readonly string[]): Promise<Notification[]> {
    if (ids.length === 0) return [];
    await this.em.nativeUpdate(NotificationSchema, { id: { $in: [...ids] }, user: userId, readAt: null }, { readAt: new Date() });
    return this.em.find(NotificationSchema, { id: { $in: [...ids] }, user: userId }, { refresh: true, orderBy: { createdAt: 'desc', id: 'desc' } });
  }
}

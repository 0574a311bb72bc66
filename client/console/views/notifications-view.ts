import type { NotificationRowFragment } from '../../generated/graphql.js';
import type { ConsoleCommands } from '../commands.js';
import { sortedNotifications, type ConsoleState } from '../console-state.js';
import { byId, h, time } from '../dom.js';
import { KeyedRows } from '../keyed-rows.js';
import type { Store } from '../store.js';

function notificationItem(notification: NotificationRowFragment): HTMLLIElement {
  return h(
    'li',
    {
      class: `notification ${notification.tone.toLowerCase()}`,
      data: { notificationId: notification.id, read: String(notification.readAt !== null), runId: notification.run?.id ?? '' },
    },
    h('strong', { class: 'title' }, notification.title),
    h('span', { class: 'muted' }, ` ${time(notification.createdAt)}`),
    h('p', { class: 'body' }, notification.body),
  );
}

/** The signed-in user's notifications, newest first, as they are pushed. */
export function mountNotificationsView(store: Store<ConsoleState>, commands: ConsoleCommands): void {
  const list = h('ul', { attrs: { id: 'notifications' }, class: 'notifications' });
  const markRead = h('button', { attrs: { type: 'button', id: 'mark-read' }, onClick: () => void commands.markAllRead() }, 'Mark all read');
  const empty = h('p', { class: 'muted empty' }, 'No notifications. You are notified when a run you started ends.');
  byId('view-notifications').append(h('div', { class: 'toolbar' }, markRead), list, empty);
  const items = new KeyedRows<NotificationRowFragment>(list, (notification) => notification.id, notificationItem);
  store.subscribe((state) => {
    const notifications = sortedNotifications(state);
    items.render(notifications, null);
    empty.hidden = notifications.length > 0;
    markRead.disabled = notifications.every((notification) => notification.readAt !== null);
  });
}

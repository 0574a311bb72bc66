import type { ConsoleCommands } from '../commands.js';
import { unreadCount, VIEWS, type ConsoleState, type ViewName } from '../console-state.js';
import { byId, h } from '../dom.js';
import type { Store } from '../store.js';

const TITLES: Record<ViewName, string> = {
  runs: 'Runs',
  tenants: 'Tenants',
  baselines: 'Baselines',
  findings: 'Findings',
  notifications: 'Notifications',
};

/** The view switcher; only the selected view's section is shown. Notifications show the unread count. */
export function mountTabsView(store: Store<ConsoleState>, commands: ConsoleCommands): void {
  const tabs = new Map<ViewName, HTMLButtonElement>();
  const nav = byId('tabs');
  for (const view of VIEWS) {
    const tab = h('button', {
      attrs: { type: 'button', role: 'tab', 'aria-controls': `view-${view}` },
      data: { view },
      onClick: () => commands.selectView(view),
    });
    tabs.set(view, tab);
    nav.append(tab);
  }
  store.subscribe((state) => {
    const unread = unreadCount(state);
    for (const [view, tab] of tabs) {
      const selected = view === state.view;
      tab.textContent = view === 'notifications' && unread > 0 ? `${TITLES[view]} (${unread})` : TITLES[view];
      tab.setAttribute('aria-selected', String(selected));
      byId(`view-${view}`).hidden = !selected;
    }
  });
}

import type { ConnectionState, ConsoleState } from '../console-state.js';
import type { Store } from '../store.js';

const LOOK: Record<ConnectionState, { label: string; tone: string }> = {
  offline: { label: 'Offline', tone: 'neutral' },
  connecting: { label: 'Connecting…', tone: 'info' },
  live: { label: 'Live', tone: 'success' },
  reconnecting: { label: 'Reconnecting…', tone: 'warning' },
  rejected: { label: 'Signed out: token rejected', tone: 'danger' },
  closed: { label: 'Disconnected: reload the page', tone: 'danger' },
};

/** The connection badge: `data-state` carries the state for scripts and tests. */
export function mountConnectionView(element: HTMLElement, store: Store<ConsoleState>): void {
  store.subscribe(({ connection }) => {
    if (element.dataset.state === connection) return;
    const look = LOOK[connection];
    element.dataset.state = connection;
    element.className = `pill ${look.tone}`;
    element.textContent = look.label;
  });
}

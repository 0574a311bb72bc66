import type { ConsoleCommands } from '../commands.js';
import type { ConsoleState } from '../console-state.js';
import { byId, h } from '../dom.js';
import type { Store } from '../store.js';

/** The last action's result or refusal: its label, what it means and the next step. */
export function mountNoticeView(store: Store<ConsoleState>, commands: ConsoleCommands): void {
  const element = byId('notice');
  let shown: ConsoleState['notice'] = null;
  store.subscribe(({ notice }) => {
    if (notice === shown) return;
    shown = notice;
    element.hidden = notice === null;
    if (!notice) return element.replaceChildren();
    element.dataset.tone = notice.tone;
    element.className = `notice ${notice.tone.toLowerCase()}`;
    element.replaceChildren(
      h('button', { class: 'dismiss', attrs: { type: 'button', 'aria-label': 'Dismiss' }, onClick: () => commands.dismissNotice() }, '×'),
      h('strong', { class: 'title' }, notice.title),
    );
    if (notice.detail) element.append(h('span', { class: 'detail' }, notice.detail));
    if (notice.nextStep) element.append(h('span', { class: 'next-step' }, `Next step: ${notice.nextStep}`));
  });
}

import type { ConsoleCommands } from '../commands.js';
import type { ConsoleState } from '../console-state.js';
import { byId, setOptions } from '../dom.js';
import type { Store } from '../store.js';

/** Workspace picker, the signed-in user and sign-out. */
export function mountToolbarView(store: Store<ConsoleState>, commands: ConsoleCommands): void {
  const select = byId<HTMLSelectElement>('workspace');
  select.addEventListener('change', () => commands.selectWorkspace(select.value));
  byId('sign-out').addEventListener('click', () => commands.signOut());
  store.subscribe((state) => {
    setOptions(
      select,
      state.workspaces.map((workspace) => ({ value: workspace.id, label: `${workspace.name} (${workspace.role.toLowerCase()})` })),
    );
    if (state.workspace) select.value = state.workspace.id;
    byId('viewer').textContent = state.user ? `${state.user.displayName} · ${state.user.email}` : '';
  });
}

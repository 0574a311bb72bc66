import { ViewerDocument } from '../generated/graphql.js';
import { INITIAL_STATE, type ConsoleState } from './console-state.js';
import { byId } from './dom.js';
import { GqlClient } from './gql-client.js';
import { ConsoleSession } from './session.js';
import { Store } from './store.js';
import { mountBaselinesView } from './views/baselines-view.js';
import { mountConnectionView } from './views/connection-view.js';
import { mountFindingsView } from './views/findings-view.js';
import { mountNoticeView } from './views/notice-view.js';
import { mountNotificationsView } from './views/notifications-view.js';
import { mountRunsView } from './views/runs-view.js';
import { mountSignInView } from './views/sign-in-view.js';
import { mountTabsView } from './views/tabs-view.js';
import { mountTenantsView } from './views/tenants-view.js';
import { mountToolbarView } from './views/toolbar-view.js';

const TOKEN_KEY = 'tenantgraph.token';
const GRAPHQL_URL = '/graphql';
const SOCKET_URL = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;

const store = new Store<ConsoleState>(INITIAL_STATE);
mountConnectionView(byId('connection'), store);
let session: ConsoleSession | null = null;

function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  location.reload();
}

/** Checks the token with `me`, then opens the session on the first workspace; views mount once. */
async function signIn(token: string): Promise<void> {
  const gql = new GqlClient(GRAPHQL_URL, token);
  const { me } = await gql.request(ViewerDocument, {});
  if (session) return;
  sessionStorage.setItem(TOKEN_KEY, token);
  store.update((state) => ({
    ...state,
    user: { email: me.user.email, displayName: me.user.displayName },
    workspaces: me.memberships.map((membership) => ({ id: membership.workspace.id, name: membership.workspace.name, role: membership.role })),
  }));
  const opened = new ConsoleSession(gql, token, SOCKET_URL, store, signOut);
  session = opened;
  for (const mount of [
    mountToolbarView,
    mountTabsView,
    mountNoticeView,
    mountRunsView,
    mountTenantsView,
    mountBaselinesView,
    mountFindingsView,
    mountNotificationsView,
  ]) {
    mount(store, opened);
  }
  byId('sign-in').hidden = true;
  byId('console').hidden = false;
  const first = me.memberships[0];
  if (first) await opened.openWorkspace(first.workspace.id);
}

mountSignInView(signIn);
const remembered = sessionStorage.getItem(TOKEN_KEY);
if (remembered) signIn(remembered).catch(() => sessionStorage.removeItem(TOKEN_KEY));

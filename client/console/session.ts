import { ConsoleActions } from './actions.js';
import type { ConsoleCommands } from './commands.js';
import type { ConsoleState, FindingFilter, ViewName } from './console-state.js';
import { FindingsFeed } from './findings-feed.js';
import type { GqlClient } from './gql-client.js';
import { LiveConnection } from './live-connection.js';
import { ANY_RUN, type RunFilter } from './run-filter.js';
import type { Store } from './store.js';
import { WorkspaceFeed } from './workspace-feed.js';

const ANY_FINDING: FindingFilter = { status: null, severity: null };

/** A signed-in console: one WebSocket, the feeds that keep the store current, and the commands the views call. */
export class ConsoleSession implements ConsoleCommands {
  private readonly live: LiveConnection;
  private readonly workspaceFeed: WorkspaceFeed;
  private readonly findingsFeed: FindingsFeed;
  private readonly actions: ConsoleActions;

  constructor(
    gql: GqlClient,
    token: string,
    socketUrl: string,
    private readonly store: Store<ConsoleState>,
    private readonly onSignOut: () => void,
  ) {
    this.live = new LiveConnection(socketUrl, token, (connection) => store.update((state) => ({ ...state, connection })));
    this.workspaceFeed = new WorkspaceFeed(gql, this.live, store);
    this.findingsFeed = new FindingsFeed(gql, this.live, store);
    this.actions = new ConsoleActions(gql, store);
  }

  private get workspaceId(): string {
    const workspace = this.store.current.workspace;
    if (!workspace) throw new Error('No workspace is open.');
    return workspace.id;
  }

  /** Runs a load; a failure becomes the notice instead of an unhandled rejection. */
  private load(what: string, work: Promise<void>): Promise<void> {
    return work.catch((error: unknown) => {
      this.store.update((state) => ({
        ...state,
        notice: { tone: 'DANGER', title: `Could not load ${what}`, detail: (error as Error).message, nextStep: 'Reload the page.' },
      }));
    });
  }

  openWorkspace(workspaceId: string): Promise<void> {
    this.findingsFeed.close();
    this.store.update((state) => ({ ...state, findings: null, notice: null }));
    return this.load('the workspace', this.workspaceFeed.open(workspaceId, ANY_RUN));
  }

  selectWorkspace(workspaceId: string): void {
    void this.openWorkspace(workspaceId);
  }

  selectView(view: ViewName): void {
    this.store.update((state) => ({ ...state, view }));
  }

  setRunFilter(filter: RunFilter): void {
    void this.load('the runs', this.workspaceFeed.open(this.workspaceId, filter));
  }

  selectProfile(profileId: string): void {
    this.store.update((state) => ({ ...state, selectedProfileId: profileId }));
  }

  showFindings(tenantId: string): void {
    this.store.update((state) => ({ ...state, view: 'findings', findings: { tenantId, filter: ANY_FINDING, tenant: null } }));
    void this.load('the findings', this.findingsFeed.open(this.workspaceId, tenantId, this.workspaceFeed.runCursor));
  }

  setFindingFilter(filter: FindingFilter): void {
    this.store.update((state) => (state.findings ? { ...state, findings: { ...state.findings, filter } } : state));
  }

  startCapture(profileId: string, sourceTenantId: string): Promise<void> {
    return this.actions.startCapture(profileId, sourceTenantId);
  }

  startCompare(tenantId: string): Promise<void> {
    return this.actions.startCompare(tenantId);
  }

  reconcileNow(): Promise<void> {
    return this.actions.reconcileNow(this.workspaceId);
  }

  markAllRead(): Promise<void> {
    const unread = [...this.store.current.notifications.values()].filter((notification) => !notification.readAt);
    return this.actions.markRead(unread.map((notification) => notification.id));
  }

  dismissNotice(): void {
    this.store.update((state) => ({ ...state, notice: null }));
  }

  signOut(): void {
    this.findingsFeed.close();
    this.workspaceFeed.close();
    this.live.dispose();
    this.onSignOut();
  }
}

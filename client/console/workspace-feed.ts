import {
  ConsoleNotificationEventsDocument,
  ConsoleRunEventsDocument,
  ConsoleRunsDocument,
  ConsoleSnapshotEventsDocument,
  ConsoleWorkspaceDocument,
} from '../generated/graphql.js';
import { appliedNotifications, appliedRunEvent, appliedSnapshotEvent, loadedWorkspace, type ConsoleState, type Notice } from './console-state.js';
import type { GqlClient } from './gql-client.js';
import type { LiveConnection, LiveStream } from './live-connection.js';
import { toApiFilter, type RunFilter } from './run-filter.js';
import type { Store } from './store.js';

const RUN_PAGE = 50;

function liveFeedStopped(what: string, message: string): Notice {
  return { tone: 'DANGER', title: `Live ${what} stopped`, detail: message, nextStep: 'Reload the page; if it persists, check your access to this workspace.' };
}

/**
 * Keeps one workspace current: reads its lists once, then only listens. The runs list's
 * `eventCursor` is taken before anything is read, and every subscription starts from it, so each
 * transition after it reaches the store, and nothing before it is missing from the lists.
 * Opening again (another workspace or run filter) replaces the lists and the subscriptions together.
 */
export class WorkspaceFeed {
  private generation = 0;
  private streams: LiveStream[] = [];
  private runStream: LiveStream | null = null;

  constructor(
    private readonly gql: GqlClient,
    private readonly live: LiveConnection,
    private readonly store: Store<ConsoleState>,
  ) {}

  /** The position up to which run transitions reached the store (null before the first open). */
  get runCursor(): string | null {
    return this.runStream?.cursor ?? null;
  }

  async open(workspaceId: string, filter: RunFilter): Promise<void> {
    const generation = ++this.generation;
    this.close();
    const runs = await this.gql.request(ConsoleRunsDocument, { workspaceId, filter: toApiFilter(filter), first: RUN_PAGE });
    const workspace = await this.gql.request(ConsoleWorkspaceDocument, { workspaceId });
    if (generation !== this.generation) return;
    this.store.update((state) => loadedWorkspace({ ...state, runFilter: filter }, runs, workspace));
    const after = runs.operationRuns.eventCursor;
    const current = () => generation === this.generation;
    const apply = (change: (state: ConsoleState) => ConsoleState) => {
      if (current()) this.store.update(change);
    };
    const stopped = (what: string) => (message: string) => apply((state) => ({ ...state, notice: liveFeedStopped(what, message) }));
    this.runStream = this.live.stream(ConsoleRunEventsDocument, { workspaceId, after }, (data) => data.operationRunEvents.cursor, {
      next: (data) => apply((state) => appliedRunEvent(state, data.operationRunEvents)),
      failed: stopped('run updates'),
    });
    this.streams = [
      this.runStream,
      this.live.stream(ConsoleSnapshotEventsDocument, { workspaceId, after }, (data) => data.baselineSnapshotEvents.cursor, {
        next: (data) => apply((state) => appliedSnapshotEvent(state, data.baselineSnapshotEvents)),
        failed: stopped('baseline updates'),
      }),
      this.live.stream(ConsoleNotificationEventsDocument, { after }, (data) => data.myNotifications.cursor, {
        next: (data) => apply((state) => appliedNotifications(state, [data.myNotifications.notification])),
        failed: stopped('notifications'),
      }),
    ];
  }

  close(): void {
    for (const stream of this.streams) stream.dispose();
    this.streams = [];
    this.runStream = null;
  }
}

import { TenantFindingEventsDocument, TenantFindingsDocument } from '../generated/graphql.js';
import { appliedFindings, type ConsoleState } from './console-state.js';
import type { GqlClient } from './gql-client.js';
import type { LiveConnection, LiveStream } from './live-connection.js';
import type { Store } from './store.js';

/**
 * Keeps the findings panel current for one tenant: reads the tenant's findings, then receives
 * them again with every transition of its compare runs after `after`, the position the store
 * already reflects (so a compare that ends between the two is pushed, never missed).
 */
export class FindingsFeed {
  private generation = 0;
  private stream: LiveStream | null = null;

  constructor(
    private readonly gql: GqlClient,
    private readonly live: LiveConnection,
    private readonly store: Store<ConsoleState>,
  ) {}

  async open(workspaceId: string, tenantId: string, after: string | null): Promise<void> {
    const generation = ++this.generation;
    this.close();
    const { tenant } = await this.gql.request(TenantFindingsDocument, { tenantId });
    if (generation !== this.generation) return;
    if (!tenant) throw new Error('The tenant no longer exists, or you are no longer entitled to it.');
    this.store.update((state) => appliedFindings(state, tenant));
    this.stream = this.live.stream(TenantFindingEventsDocument, { workspaceId, tenantId, after }, (data) => data.operationRunEvents.cursor, {
      next: (data) => {
        const pushed = data.operationRunEvents.run.tenant;
        if (generation === this.generation && pushed) this.store.update((state) => appliedFindings(state, pushed));
      },
      failed: (message) => {
        if (generation === this.generation) {
          this.store.update((state) => ({
            ...state,
            notice: { tone: 'DANGER', title: 'Live findings stopped', detail: message, nextStep: 'Open the findings again.' },
          }));
        }
      },
    });
  }

  close(): void {
    this.stream?.dispose();
    this.stream = null;
  }
}

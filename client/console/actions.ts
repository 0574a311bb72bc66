import { MarkNotificationsReadDocument, ReconcileNowDocument, StartCaptureDocument, StartCompareDocument } from '../generated/graphql.js';
import { appliedNotifications, type ConsoleState, type Notice } from './console-state.js';
import { GraphQLRequestError, type GqlClient } from './gql-client.js';
import type { Store } from './store.js';

function failed(title: string, error: unknown): Notice {
  const code = error instanceof GraphQLRequestError && error.code ? ` (${error.code})` : '';
  return { tone: 'DANGER', title, detail: `${(error as Error).message}${code}`, nextStep: null };
}

/**
 * What the console's buttons do. Results and refusals become the notice; the runs they start are
 * not put in the store here: their transitions arrive over the subscriptions like any other.
 */
export class ConsoleActions {
  constructor(
    private readonly gql: GqlClient,
    private readonly store: Store<ConsoleState>,
  ) {}

  private notify(notice: Notice): void {
    this.store.update((state) => ({ ...state, notice }));
  }

  async startCapture(profileId: string, sourceTenantId: string): Promise<void> {
    try {
      const { startBaselineCapture: result } = await this.gql.request(StartCaptureDocument, { profileId, sourceTenantId });
      if (result.__typename === 'CaptureBlocked') {
        this.notify({ tone: 'WARNING', title: `Capture blocked: ${result.reason.label}`, detail: result.reason.explanation, nextStep: result.reason.nextStep });
      } else {
        this.notify({ tone: 'INFO', title: result.created ? 'Capture started' : 'This capture is already running', detail: `Run ${result.run.id}`, nextStep: null });
      }
    } catch (error) {
      this.notify(failed('Capture could not start', error));
    }
  }

  async startCompare(tenantId: string): Promise<void> {
    try {
      const { startBaselineCompare: result } = await this.gql.request(StartCompareDocument, { tenantId });
      if (result.__typename === 'CompareBlocked') {
        const { reason, nextAction } = result.availability;
        this.notify({ tone: 'WARNING', title: `Compare blocked: ${reason?.label ?? 'not ready'}`, detail: reason?.explanation ?? null, nextStep: reason?.nextStep ?? nextAction });
      } else {
        this.notify({ tone: 'INFO', title: result.created ? 'Compare started' : 'This compare is already running', detail: `Run ${result.run.id}`, nextStep: null });
      }
    } catch (error) {
      this.notify(failed('Compare could not start', error));
    }
  }

  async reconcileNow(workspaceId: string): Promise<void> {
    try {
      const { reconcileOperationRuns: result } = await this.gql.request(ReconcileNowDocument, { workspaceId });
      this.notify({
        tone: result.reconciled > 0 ? 'WARNING' : 'SUCCESS',
        title: `Reconciled ${result.reconciled} stale run(s)`,
        detail: `Inspected ${result.inspected}; reconciled ${result.reconciled}; skipped ${result.skipped}.`,
        nextStep: null,
      });
    } catch (error) {
      this.notify(failed('Reconciliation could not run', error));
    }
  }

  /** Marking read is no transition of a run, so nothing is pushed: the mutation's answer updates the list. */
  async markRead(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    try {
      const { markNotificationsRead } = await this.gql.request(MarkNotificationsReadDocument, { ids: [...ids] });
      this.store.update((state) => appliedNotifications(state, markNotificationsRead));
    } catch (error) {
      this.notify(failed('Notifications could not be marked read', error));
    }
  }
}

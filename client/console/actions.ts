import { MarkNotificationsReadDocument, ReconcileNowDocument, StartCaptureDocument, StartCompareDocument } from '../generated/graphql.js';
import { appliedNotifications, type ConsoleState, type Notice } from './console-state.js';
import { GraphQLRequestError, type GqlClient } from './gql-client.js';
import type { Store } from './store.js';

type StartOutcome = { created: boolean; runId: string } | { blocked: { label: string; explanation: string | null; nextStep: string } };

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

  /** A start mutation's answer, the same for every kind of run. */
  private async start(what: 'Capture' | 'Compare', request: () => Promise<StartOutcome>): Promise<void> {
    try {
      const outcome = await request();
      if ('blocked' in outcome) {
        const { label, explanation, nextStep } = outcome.blocked;
        this.notify({ tone: 'WARNING', title: `${what} blocked: ${label}`, detail: explanation, nextStep });
      } else {
        this.notify({
          tone: 'INFO',
          title: outcome.created ? `${what} started` : `This ${what.toLowerCase()} is already running`,
          detail: `Run ${outcome.runId}`,
          nextStep: null,
        });
      }
    } catch (error) {
      this.notify(failed(`${what} could not start`, error));
    }
  }

  startCapture(profileId: string, sourceTenantId: string): Promise<void> {
    return this.start('Capture', async () => {
      const { startBaselineCapture: result } = await this.gql.request(StartCaptureDocument, { profileId, sourceTenantId });
      return result.__typename === 'CaptureBlocked' ? { blocked: result.reason } : { created: result.created, runId: result.run.id };
    });
  }

  startCompare(tenantId: string): Promise<void> {
    return this.start('Compare', async () => {
      const { startBaselineCompare: result } = await this.gql.request(StartCompareDocument, { tenantId });
      if (result.__typename === 'CompareStarted') return { created: result.created, runId: result.run.id };
      const { reason, nextAction } = result.availability;
      return { blocked: { label: reason?.label ?? 'not ready', explanation: reason?.explanation ?? null, nextStep: reason?.nextStep ?? nextAction } };
    });
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

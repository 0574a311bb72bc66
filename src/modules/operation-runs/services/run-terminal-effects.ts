import type { EntityManager } from '@mikro-orm/postgresql';
import { newId } from '../../../platform/ids.js';
import type { ReasonCatalog } from '../domain/reason-catalog.js';
import { runTypeLabel } from '../domain/run-presentation.js';
import type { RunOutcome } from '../domain/run-states.js';
import type { OperationRun } from '../entities/operation-run.js';
import { AuditService } from '../../workspaces/services/audit-service.js';
import type { Emit } from '../../../outbox/transaction.js';

/**
 * Work another domain must do in the same transaction as a run's terminal transition, e.g. a
 * capture run finalizing its building snapshot as incomplete when the run is force-failed.
 */
export type TerminalHook = (em: EntityManager, run: OperationRun, emit: Emit) => Promise<void>;

/** The hooks a module adds to the runs of its operation types, by type. */
export interface RunHooks {
  /** In the transaction of the run's terminal transition. */
  terminal?: Record<string, TerminalHook>;
  /** In the transaction that hands an attempt back (a worker shutting down). */
  attemptReleased?: Record<string, TerminalHook>;
}

/** The tones of a terminal notice (a subset of the notification tones). */
export type NoticeTone = 'success' | 'warning' | 'danger';

/** What a terminal notification says about a run, apart from the run type's label that starts its title. */
export interface TerminalNoticeWording {
  /** Follows the run type's label in the title, e.g. "completed" in "Baseline capture completed". */
  phrase: string;
  body: string;
  tone: NoticeTone;
}

export function terminalNoticeWording(reasons: ReasonCatalog, outcome: RunOutcome, reasonCode: string | null, reconciled: boolean): TerminalNoticeWording {
  if (reconciled) {
    const reason = reasons.describe(reasonCode ?? '');
    return { phrase: 'was automatically reconciled', body: `${reason.label}. ${reason.nextStep}`, tone: 'danger' };
  }
  switch (outcome) {
    case 'succeeded':
      return { phrase: 'completed', body: 'The run finished successfully.', tone: 'success' };
    case 'partially_succeeded':
      return { phrase: 'partially succeeded', body: 'The run finished with some failures; open it for details.', tone: 'warning' };
    case 'blocked': {
      const reason = reasons.describe(reasonCode ?? '');
      return { phrase: 'was blocked', body: `${reason.label}. ${reason.nextStep}`, tone: 'warning' };
    }
    default: {
      const reason = reasons.describe(reasonCode ?? 'run.execution_failed');
      return { phrase: 'failed', body: `${reason.label}. ${reason.nextStep}`, tone: 'danger' };
    }
  }
}

function notificationCopy(reasons: ReasonCatalog, run: OperationRun): { title: string; body: string; tone: NoticeTone } {
  const wording = terminalNoticeWording(reasons, run.outcome, run.reasonCode ?? null, Boolean(run.reconciledAt));
  return { title: `${runTypeLabel(run.type)} ${wording.phrase}`, body: wording.body, tone: wording.tone };
}

/**
 * Exactly one audit record per terminal transition (attributed to the user who triggered it, if
 * any, else to the system), and one notification for the initiator (none for runs without one).
 */
export async function recordTerminalEffects(
  reasons: ReasonCatalog,
  em: EntityManager,
  run: OperationRun,
  emit: Emit,
  actorId: string | null = null,
): Promise<void> {
  new AuditService(em).record({
    workspaceId: run.workspace,
    tenantId: run.tenant ?? null,
    actorId,
    action: run.reconciledAt ? 'operation_run.reconciled' : 'operation_run.completed',
    subjectType: 'operation_run',
    subjectId: run.id,
    metadata: {
      type: run.type,
      outcome: run.outcome,
      reasonCode: run.reasonCode,
      ...(run.reconciliation ? { reconciliation: run.reconciliation } : {}),
    },
  });
  if (!run.initiator) return;
  const copy = notificationCopy(reasons, run);
  const notificationId = newId();
  // The notice lands in the initiator's inbox (the notifications module reads it), written here as
  // the transition's prepared statements write it on the fast path.
  await em.execute(
    `insert into notifications (id, user_id, workspace_id, tenant_id, run_id, kind, title, body, tone) values (?, ?, ?, ?, ?, 'run_terminal', ?, ?, ?)`,
    [notificationId, run.initiator, run.workspace, run.tenant ?? null, run.id, copy.title, copy.body, copy.tone],
    'run',
  );
  emit(run, 'NOTIFICATION', { recipientId: run.initiator, payload: { notificationId } });
}

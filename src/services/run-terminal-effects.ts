import type { EntityManager } from '@mikro-orm/postgresql';
import { newId } from '../domain/ids.js';
import { describeReason } from '../domain/reason-catalog.js';
import { runTypeLabel } from '../domain/run-presentation.js';
import { NotificationSchema, type NotificationTone } from '../entities/notification.js';
import type { OperationRun } from '../entities/operation-run.js';
import { AuditService } from './audit-service.js';
import type { Emit } from './outbox-transaction.js';

/**
 * Work another domain must do in the same transaction as a run's terminal transition, e.g. a
 * capture run finalizing its building snapshot as incomplete when the run is force-failed.
 */
export type TerminalHook = (em: EntityManager, run: OperationRun, emit: Emit) => Promise<void>;

function notificationCopy(run: OperationRun): { title: string; body: string; tone: NotificationTone } {
  const label = runTypeLabel(run.type);
  if (run.reconciledAt) {
    const reason = describeReason(run.reasonCode ?? '');
    return { title: `${label} was automatically reconciled`, body: `${reason.label}. ${reason.nextStep}`, tone: 'danger' };
  }
  switch (run.outcome) {
    case 'succeeded':
      return { title: `${label} completed`, body: 'The run finished successfully.', tone: 'success' };
    case 'partially_succeeded':
      return { title: `${label} partially succeeded`, body: 'The run finished with some failures; open it for details.', tone: 'warning' };
    case 'blocked': {
      const reason = describeReason(run.reasonCode ?? '');
      return { title: `${label} was blocked`, body: `${reason.label}. ${reason.nextStep}`, tone: 'warning' };
    }
    default: {
      const reason = describeReason(run.reasonCode ?? 'run.execution_failed');
      return { title: `${label} failed`, body: `${reason.label}. ${reason.nextStep}`, tone: 'danger' };
    }
  }
}

/**
 * Exactly one audit record per terminal transition (attributed to the user who triggered it, if
 * any, else to the system), and one notification for the initiator (none for runs without one).
 */
export function recordTerminalEffects(em: EntityManager, run: OperationRun, emit: Emit, actorId: string | null = null): void {
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
  const copy = notificationCopy(run);
  const notificationId = newId();
  em.create(NotificationSchema, {
    id: notificationId,
    user: run.initiator,
    workspace: run.workspace,
    tenant: run.tenant ?? null,
    run: run.id,
    kind: 'run_terminal',
    ...copy,
  });
  emit(run, 'NOTIFICATION', { recipientId: run.initiator, payload: { notificationId } });
}

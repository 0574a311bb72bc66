export const RUN_STATUSES = ['queued', 'running', 'completed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RUN_OUTCOMES = ['pending', 'succeeded', 'partially_succeeded', 'blocked', 'failed'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

/** Outcomes a run may end with. */
export type TerminalOutcome = Exclude<RunOutcome, 'pending'>;

export interface FailureEntry {
  code: string;
  message: string;
}

/** Where terminal truth came from when the normal lifecycle path could not provide it. */
export const RECONCILIATION_SOURCES = ['failure_bridge', 'scheduled_reconciler', 'queue_check'] as const;
export type ReconciliationSource = (typeof RECONCILIATION_SOURCES)[number];

export interface ReconciliationRecord {
  reconciledAt: string;
  reasonCode: string;
  message: string;
  source: ReconciliationSource;
  evidence: Record<string, unknown>;
}

export function isTerminal(status: RunStatus): boolean {
  return status === 'completed';
}

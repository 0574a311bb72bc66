import { BASELINE_REASONS } from '../../baselines/domain/baseline-reasons.js';
import { INVENTORY_SYNC_REASONS } from '../../inventory/domain/inventory-sync-reasons.js';

/** An operator-safe explanation of a stable reason code. Raw exception text never appears here. */
export interface ReasonEntry {
  code: string;
  label: string;
  explanation: string;
  nextStep: string;
}

type Entry = Omit<ReasonEntry, 'code'>;

const WORKER_HEALTH = 'Review worker health and logs before retrying this operation.';

const RUN_REASONS: Record<string, Entry> = {
  'run.stale_queued': {
    label: 'Run never started',
    explanation: 'The run stayed queued past its lifecycle window and was marked failed.',
    nextStep: WORKER_HEALTH,
  },
  'run.stale_running': {
    label: 'Run stopped reporting progress',
    explanation: 'The run stayed active past its lifecycle window and was marked failed.',
    nextStep: WORKER_HEALTH,
  },
  'run.infrastructure_timeout_or_abandonment': {
    label: 'Infrastructure ended the run',
    explanation: 'Queue infrastructure ended the job before normal completion could update the run.',
    nextStep: WORKER_HEALTH,
  },
  'run.queue_failure_bridge': {
    label: 'Queue failure was reconciled',
    explanation: 'The platform bridged a queue failure back to the owning run and marked it failed.',
    nextStep: WORKER_HEALTH,
  },
  'run.queue_job_lost': {
    label: 'Queued job was lost',
    explanation: 'The run was queued but its job no longer exists in the queue, so it can never start; it was marked failed.',
    nextStep: 'Check that Redis keeps its data (persistence, eviction policy), then start the operation again.',
  },
  'run.execution_failed': {
    label: 'Run failed',
    explanation: 'The operation stopped with an error before it could finish.',
    nextStep: 'Open the run diagnostics for the failure details, fix the cause, then start the operation again.',
  },
};

const FALLBACK: Entry = {
  label: 'Run needs review',
  explanation: 'The platform recorded a reason this version does not describe.',
  nextStep: 'Review the run details and diagnostics before retrying.',
};

/** The one catalog: run lifecycle, baseline and inventory sync reasons. */
const catalogs: readonly Record<string, Entry>[] = [RUN_REASONS, BASELINE_REASONS, INVENTORY_SYNC_REASONS];

export function isKnownReason(code: string): boolean {
  return catalogs.some((catalog) => Object.hasOwn(catalog, code));
}

/** Looks up a reason; unknown codes fall back to a safe generic entry that still carries the code. */
export function describeReason(code: string): ReasonEntry {
  for (const catalog of catalogs) {
    const entry = catalog[code];
    if (entry) return { code, ...entry };
  }
  return { code, ...FALLBACK };
}

export function allReasons(): ReasonEntry[] {
  return catalogs.flatMap((catalog) => Object.entries(catalog).map(([code, entry]) => ({ code, ...entry })));
}

/** An operator-safe explanation of a stable reason code. Raw exception text never appears here. */
export interface ReasonEntry {
  code: string;
  label: string;
  explanation: string;
  nextStep: string;
}

type Entry = Omit<ReasonEntry, 'code'>;

/** A module's reasons by code. */
export type ReasonTable = Record<string, Entry>;

const WORKER_HEALTH = 'Review worker health and logs before retrying this operation.';

export const RUN_REASONS: ReasonTable = {
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

/**
 * Reasons by code, over the tables of the modules that record them. The application's catalog
 * (`src/app/reasons.ts`) holds every module's table; runs get it through the runtime.
 */
export class ReasonCatalog {
  constructor(private readonly tables: readonly ReasonTable[]) {}

  isKnown(code: string): boolean {
    return this.tables.some((table) => Object.hasOwn(table, code));
  }

  /** Looks up a reason; unknown codes fall back to a safe generic entry that still carries the code. */
  describe(code: string): ReasonEntry {
    for (const table of this.tables) {
      const entry = table[code];
      if (entry) return { code, ...entry };
    }
    return { code, ...FALLBACK };
  }

  all(): ReasonEntry[] {
    return this.tables.flatMap((table) => Object.entries(table).map(([code, entry]) => ({ code, ...entry })));
  }
}

/** The run lifecycle's own reasons (stale, lost, abandoned, failed). */
export const RUN_REASON_CATALOG = new ReasonCatalog([RUN_REASONS]);

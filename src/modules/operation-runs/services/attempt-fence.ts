import type { EntityManager } from '@mikro-orm/postgresql';
import type { RunStatus } from '../domain/run-states.js';

/** Why a transition or an artifact write was not applied. A refused write never changes anything. */
export type Refusal = 'missing' | 'completed' | 'fenced' | 'not_running' | 'changed';

/** One attempt of one run: what every attempt-scoped write carries. */
export interface AttemptRef {
  runId: string;
  attemptId: string;
}

/** The run fields that decide whether an attempt still owns its run. */
export interface AttemptOwnership {
  status: RunStatus;
  currentAttemptId?: string | null;
  attemptStartedAt?: Date | null;
}

/**
 * Attempt-scoped writes need a live run owned by that attempt, which has begun executing. Whatever
 * the run's state (waiting for a retry, running another attempt, completed), a write carrying any
 * other attempt id is refused.
 */
export function attemptRefusal(run: AttemptOwnership | null, attemptId: string): Refusal | null {
  if (!run) return 'missing';
  if (run.status === 'completed') return 'completed';
  if (run.currentAttemptId !== attemptId) return 'fenced';
  if (run.status !== 'running' || !run.attemptStartedAt) return 'not_running';
  return null;
}

/** An artifact write was refused because its attempt no longer owns the run; the transaction rolls back. */
export class AttemptNoLongerOwnsRun extends Error {
  constructor(
    readonly attempt: AttemptRef,
    readonly reason: Refusal,
  ) {
    super(`Attempt ${attempt.attemptId} no longer owns run ${attempt.runId} (${reason}); its write was refused.`);
    this.name = 'AttemptNoLongerOwnsRun';
  }
}

/**
 * The attempt fence of artifact writes (findings, snapshot items, snapshot creation and
 * finalization), called inside the writing transaction before it writes. It share-locks the run row
 * until that transaction ends, so no terminal transition or retry (which lock the row for update)
 * can commit between this check and the artifacts; it throws AttemptNoLongerOwnsRun unless the run
 * is live and owned by the attempt.
 *
 * Lock order: a transaction that also locks a profile or a snapshot takes the run first, as a
 * terminal transition does (run, then its hooks' snapshots). A compare, which share-locks its
 * tenant, assignment and profile before computing drift, fences last; no transition of a compare
 * run locks those rows, so no cycle can form.
 */
export async function lockOwnedRun(em: EntityManager, attempt: AttemptRef): Promise<void> {
  const [row] = await em.execute<{ status: RunStatus; current_attempt_id: string | null; attempt_started_at: Date | null }[]>(
    'select status, current_attempt_id, attempt_started_at from operation_runs where id = ? for share',
    [attempt.runId],
  );
  const refusal = attemptRefusal(
    row ? { status: row.status, currentAttemptId: row.current_attempt_id, attemptStartedAt: row.attempt_started_at } : null,
    attempt.attemptId,
  );
  if (refusal) throw new AttemptNoLongerOwnsRun(attempt, refusal);
}

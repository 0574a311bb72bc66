import type { EntityManager } from '@mikro-orm/postgresql';
import { logger } from '../logger.js';
import type { Orm } from './orm.js';

/**
 * Makes the statements of the transaction `em` belongs to cancellable by `signal`: when it aborts,
 * the statement running on that transaction's connection is cancelled (`pg_cancel_backend`, sent on
 * another connection), so the transaction fails and rolls back at once instead of finishing a long
 * query or waiting for a lock. The cancel names the backend and the transaction's start, so it can
 * never reach another transaction that later reuses the connection. Call the returned function
 * before the transaction ends.
 */
export async function cancelStatementsOnAbort(orm: Orm, em: EntityManager, signal: AbortSignal): Promise<() => void> {
  signal.throwIfAborted();
  const [own] = await em.execute<{ pid: number; started: string }[]>('select pg_backend_pid() as pid, now()::text as started');
  const cancel = () => {
    void orm.em
      .fork()
      .execute('select pg_cancel_backend(pid) from pg_stat_activity where pid = ? and xact_start = ?::timestamptz', [own!.pid, own!.started])
      .catch((error: unknown) => logger.warn('could not cancel the statement of an aborted transaction', { pid: own!.pid, error }));
  };
  signal.addEventListener('abort', cancel, { once: true });
  return () => signal.removeEventListener('abort', cancel);
}

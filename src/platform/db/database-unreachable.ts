import { logger } from '../logger.js';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
/** SQLSTATEs of a server that is going away or not accepting work yet: admin/crash shutdown, starting up, too many connections. */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|Connection ended unexpectedly|Timeout acquiring a connection|the database system is (starting up|shutting down|in recovery)/i;

/**
 * Whether an error means "PostgreSQL could not be reached or went away" rather than "the write is
 * wrong": a refused or cut connection, a server shutting down or starting up. Only these are worth
 * trying again unchanged; a constraint violation or a refused transition never is.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.has(code) || code.startsWith('08'))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
    current = (current as { cause?: unknown; previous?: unknown }).cause ?? (current as { previous?: unknown }).previous;
  }
  return false;
}

/** Longest pause between two tries: once PostgreSQL is back, a pending write lands within this. */
export const DATABASE_RETRY_MAX_DELAY_MS = 2000;

/**
 * Runs `write` until it succeeds, trying again with backoff (100 ms doubling to 2 s) for as long as
 * the database is unreachable. Any other error is thrown at once. `giveUp` ends the waiting early
 * (a worker shutting down): the last error is thrown and the caller's backstop takes over.
 */
export async function retryWhileDatabaseUnreachable<T>(what: string, write: () => Promise<T>, giveUp?: AbortSignal): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!isDatabaseUnreachable(error) || giveUp?.aborted) throw error;
      if (attempt === 0 || attempt % 10 === 0) logger.warn(`${what}: database unreachable, trying again`, { attempt, error });
      await pause(Math.min(DATABASE_RETRY_MAX_DELAY_MS, 100 * 2 ** attempt), giveUp);
    }
  }
}

function pause(ms: number, giveUp?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    giveUp?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      giveUp?.removeEventListener('abort', done);
      resolve();
    }
  });
}

import BeeQueue from 'bee-queue';
import beeQueueScripts from 'bee-queue/lib/lua/index.js';
import { logger } from '../../../platform/logger.js';
import { coalesceWrites, type NodeRedis3Client } from './coalesced-writes.js';

/** A lost connection and then lost scripts need two recoveries before the call goes through. */
const MAX_SCRIPT_ATTEMPTS = 3;

/** The Bee-Queue internals this wrapper relies on (bee-queue is pinned at 2.0.0): its clients, set once it is ready, and its script call. */
interface QueueInternals {
  client: NodeRedis3Client;
  /** The blocking client taking jobs; a worker's only. */
  bclient: NodeRedis3Client | null;
  _evalScript(...args: unknown[]): Promise<unknown>;
}

/** Reconnect every 200 ms, 400 ms … at most every 2 s, for as long as it takes (node_redis 3 would give up after an hour). */
function reconnectDelay(options: { attempt: number }): number {
  return Math.min(2000, 200 * options.attempt);
}

/**
 * What to do about a failed script call: reload the scripts (Redis forgot them), send it again (the
 * connection dropped while it was in flight; it waits for the reconnect), or give up.
 */
function recovery(error: unknown): 'reload' | 'resend' | null {
  if (!(error instanceof Error)) return null;
  if (/NOSCRIPT/.test(error.message)) return 'reload';
  if ((error as { code?: unknown }).code === 'UNCERTAIN_STATE') return 'resend';
  return null;
}

/**
 * A Bee-Queue queue (producer or consumer) that survives its Redis restarting.
 *
 * Bee-Queue loads its Lua scripts only when the queue first connects and from then on calls them by
 * SHA. A Redis restarted without persistence forgets them, so every script call (creating a job,
 * the stalled-job check, raising delayed jobs, removing a job) would answer NOSCRIPT until the
 * process restarts. Here a script call that answers NOSCRIPT reloads the scripts on the same
 * connection, exactly as Bee-Queue does on connect, and runs again; one cut off by the connection
 * dropping is sent again once it is back (otherwise a worker whose first stalled-job check is cut
 * off never starts taking jobs). Running a script twice is harmless here: every job has an explicit
 * id (the attempt id), and the checks are idempotent. Its Redis connections reconnect forever with a
 * backoff capped at 2 s. Commands that do not use scripts (taking a job, finishing it, lock renewal)
 * already resume once the connection is back. The commands its clients send in one turn of the event
 * loop leave in one socket write (see coalesceWrites).
 */
export function recoveringQueue<T>(name: string, settings: BeeQueue.QueueSettings & { redis: { url: string } }): BeeQueue<T> {
  const queue = new BeeQueue<T>(name, { ...settings, redis: { ...settings.redis, retry_strategy: reconnectDelay } });
  const internals = queue as unknown as QueueInternals;
  // A queue that fails to connect has no clients to coalesce; whoever waits for it being ready (the worker) gets that failure.
  void queue.ready().then(
    () => [internals.client, internals.bclient].forEach((client) => client && coalesceWrites(client)),
    () => undefined,
  );
  const evalScript = internals._evalScript.bind(queue);
  let reloading: Promise<unknown> | null = null;
  const reloadScripts = () => {
    reloading ??= beeQueueScripts.buildCache(internals.client).finally(() => {
      reloading = null;
    });
    return reloading;
  };
  internals._evalScript = async (...args: unknown[]) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await evalScript(...args);
      } catch (error) {
        const next = recovery(error);
        if (!next || attempt >= MAX_SCRIPT_ATTEMPTS) throw error;
        logger.warn('a queue script call failed; recovering', { queue: name, script: args[0], recovery: next, error });
        if (next === 'reload') await reloadScripts();
      }
    }
  };
  return queue;
}

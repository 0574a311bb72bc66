import BeeQueue from 'bee-queue';
import beeQueueScripts from 'bee-queue/lib/lua/index.js';
import { logger } from '../logger.js';

/** The two Bee-Queue internals this wrapper relies on (bee-queue is pinned at 2.0.0). */
interface QueueInternals {
  client: unknown;
  _evalScript(...args: unknown[]): Promise<unknown>;
}

/** Reconnect every 200 ms, 400 ms … at most every 2 s, for as long as it takes (node_redis 3 would give up after an hour). */
function reconnectDelay(options: { attempt: number }): number {
  return Math.min(2000, 200 * options.attempt);
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && /NOSCRIPT/.test(error.message);
}

/**
 * A Bee-Queue queue (producer or consumer) that survives its Redis restarting.
 *
 * Bee-Queue loads its Lua scripts only when the queue first connects and from then on calls them by
 * SHA. A Redis restarted without persistence forgets them, so every script call (creating a job,
 * the stalled-job check, raising delayed jobs, removing a job) would answer NOSCRIPT until the
 * process restarts. Here every script call that answers NOSCRIPT reloads the scripts on the same
 * connection, exactly as Bee-Queue does on connect, and runs once more. Its Redis connections also
 * reconnect forever with a backoff capped at 2 s. Commands that do not use scripts (taking a job,
 * finishing it, lock renewal) already resume once the connection is back.
 */
export function recoveringQueue<T>(name: string, settings: BeeQueue.QueueSettings & { redis: { url: string } }): BeeQueue<T> {
  const queue = new BeeQueue<T>(name, { ...settings, redis: { ...settings.redis, retry_strategy: reconnectDelay } });
  const internals = queue as unknown as QueueInternals;
  const evalScript = internals._evalScript.bind(queue);
  let reloading: Promise<unknown> | null = null;
  const reloadScripts = () => {
    reloading ??= beeQueueScripts.buildCache(internals.client).finally(() => {
      reloading = null;
    });
    return reloading;
  };
  internals._evalScript = async (...args: unknown[]) => {
    try {
      return await evalScript(...args);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      logger.warn('Redis lost the queue scripts (restarted without persistence?); reloading them', { queue: name, script: args[0] });
      await reloadScripts();
      return evalScript(...args);
    }
  };
  return queue;
}

import { setImmediate as nextTurn } from 'node:timers/promises';

/** Memory of a server process after full garbage collections, in bytes. */
export interface MemorySample {
  heapUsed: number;
  external: number;
  rss: number;
}

declare const gc: undefined | (() => void);

/**
 * Collects garbage until the heap stops shrinking, then reads the process's memory. Needs the
 * process to run with `--expose-gc` (the benchmark starts its servers so).
 */
export async function memoryAfterGc(): Promise<MemorySample> {
  if (typeof gc !== 'function') throw new Error('The server process must run with --expose-gc.');
  let previous = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < 10; pass++) {
    gc();
    await nextTurn();
    const { heapUsed } = process.memoryUsage();
    if (heapUsed >= previous - 1024) break;
    previous = heapUsed;
  }
  const { heapUsed, external, rss } = process.memoryUsage();
  return { heapUsed, external, rss };
}

/** This process's CPU time (user + system) since it started, in milliseconds. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** What the benchmark asks a server process over IPC. */
export interface ServerMeterApi {
  [name: string]: (args: any) => Promise<unknown>;
  url(): Promise<string>;
  memory(): Promise<MemorySample>;
  cpu(): Promise<number>;
  /** Subscriptions the server is holding now (registered with its event source). */
  subscriptions(): Promise<number>;
  /** SQL statements the server sent since it started (0 for a server without a database). */
  statements(): Promise<number>;
}

import type { Orm } from '../../src/db/orm.js';
import { startCpuMeter } from '../support/cpu-meter.js';
import { distribution } from '../support/percentiles.js';
import { countStatements } from '../support/sql-counter.js';
import type { Child } from '../subscription-latency/child-ipc.js';
import type { LoadOptions, LoadResult } from './load-loop.js';

export type LoadClient = Child<{ load: (options: LoadOptions) => Promise<LoadResult> }>;

export interface LoadFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** This process's CPU time per answered request (the servers run here; the load comes from another process). */
  cpuMsPerRequest: number;
  /** SQL statements per request while under load; null for the anchor, which has no database. */
  statementsPerRequest: number | null;
  failures: number;
}

/** Drives one server with the load client for `seconds`, measuring throughput, latency, CPU and (with `orm`) SQL statements. */
export async function measureLoad(client: LoadClient, options: LoadOptions, orm: Orm | null): Promise<LoadFigures> {
  const statements = orm ? countStatements(orm) : null;
  const cpu = startCpuMeter();
  const result = await client.call('load', options);
  const cpuMs = cpu.stopMs();
  const statementCount = statements?.stop() ?? null;
  const latencies = distribution(result.latenciesMs);
  return {
    requestsPerSecond: (result.requests / result.elapsedMs) * 1000,
    p50Ms: latencies.p50,
    p99Ms: latencies.p99,
    cpuMsPerRequest: cpuMs / Math.max(1, result.requests),
    statementsPerRequest: statementCount === null ? null : statementCount / Math.max(1, result.requests),
    failures: result.failures,
  };
}

/** The statements one request sends, counted on the server's ORM. */
export async function statementsOfOneRequest(orm: Orm, send: () => Promise<void>): Promise<number> {
  const statements = countStatements(orm);
  let count = 0;
  try {
    await send();
  } finally {
    count = statements.stop();
  }
  return count;
}

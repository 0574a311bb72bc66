import type { Orm } from '../../src/platform/db/orm.js';
import { startCpuMeter } from '../support/cpu-meter.js';
import { distribution } from '../support/percentiles.js';
import { countStatements } from '../support/sql-counter.js';
import type { Child } from '../support/child-ipc.js';
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

/** What the rounds of one server added up to. */
class Tally {
  requests = 0;
  elapsedMs = 0;
  cpuMs = 0;
  statements = 0;
  failures = 0;
  readonly latencies: Float64Array[] = [];

  figures(countsStatements: boolean): LoadFigures {
    const latencies = distribution(Float64Array.from(this.latencies.flatMap((round) => [...round])));
    return {
      requestsPerSecond: (this.requests / this.elapsedMs) * 1000,
      p50Ms: latencies.p50,
      p99Ms: latencies.p99,
      cpuMsPerRequest: this.cpuMs / Math.max(1, this.requests),
      statementsPerRequest: countsStatements ? this.statements / Math.max(1, this.requests) : null,
      failures: this.failures,
    };
  }
}

async function round(client: LoadClient, options: LoadOptions, orm: Orm | null, tally: Tally): Promise<void> {
  const statements = orm ? countStatements(orm) : null;
  const cpu = startCpuMeter();
  const result = await client.call('load', options);
  tally.cpuMs += cpu.stopMs();
  tally.statements += statements?.stop() ?? 0;
  tally.requests += result.requests;
  tally.elapsedMs += result.elapsedMs;
  tally.failures += result.failures;
  tally.latencies.push(result.latenciesMs);
}

/**
 * Drives the anchor and tenantgraph alternately, `rounds` times each, `seconds` in all per server,
 * so both see the same share of whatever else the machine is doing; counts tenantgraph's statements.
 */
export async function measurePair(
  client: LoadClient,
  anchor: LoadOptions,
  ours: LoadOptions,
  orm: Orm,
  rounds: number,
): Promise<{ anchor: LoadFigures; ours: LoadFigures }> {
  const [anchorTally, ourTally] = [new Tally(), new Tally()];
  for (let index = 0; index < rounds; index++) {
    await round(client, { ...anchor, seconds: anchor.seconds / rounds }, null, anchorTally);
    await round(client, { ...ours, seconds: ours.seconds / rounds }, orm, ourTally);
  }
  return { anchor: anchorTally.figures(false), ours: ourTally.figures(true) };
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

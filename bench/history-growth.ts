/**
 * History growth benchmark: whether what dashboards and operators ask for costs the same when the
 * run history is 100 times longer.
 *
 * Setup (not timed): two databases, each with a Redis key prefix and an API (startHttpServer) of
 * its own in this process, holding the same world of bench/history-growth/history-seed.ts (a
 * workspace of `tenants` tenants with ten baseline profiles, a neighbour workspace and a new one,
 * 25 findings per assigned tenant) and a run history written with set-based SQL: the `large`
 * newest runs in one, the `small` newest in the other (with the snapshots of their captures), then
 * `vacuum analyze`. Runs are numbered from the newest, so both hold the same newest runs, active
 * runs, effective snapshots and findings: only the length of the history differs.
 *
 * Measured: each probe of bench/history-growth/probes.ts (GraphQL over HTTP as the workspace owner
 * or a 5-tenant operator, GET /metrics, a dry-run reconciler pass over all workspaces) on both
 * databases back to back, `samples` rounds after `warmup` untimed rounds. Interleaving the two
 * sizes, rather than measuring one after the other, puts them under the same machine load.
 * Printed per probe: the median wall time per call at each size and the ratio large/small (the
 * target: ≤ 1.5×), the same for the time spent in SQL (the summed round trips of the statements
 * each call sent; the part that history could make grow, without the fixed GraphQL and HTTP cost),
 * and the number of statements per call. For every probe whose wall or SQL time grew over the
 * target: the statement whose median round trip grew the most, and its EXPLAIN ANALYZE at the
 * large size.
 *
 * Run: npm run bench:history-growth [-- --large=200000]
 * Knobs (flag or environment variable, flag wins):
 *   --small / BENCH_SMALL_RUNS      runs of the short history, the anchor (10000)
 *   --large / BENCH_LARGE_RUNS      runs of the long history (1000000)
 *   --tenants / BENCH_TENANTS       tenants of the measured workspace; the neighbour has a quarter (200)
 *   --active / BENCH_ACTIVE_RUNS    newest runs that are queued or running (24)
 *   --samples / BENCH_SAMPLES       timed rounds (25)
 *   --warmup / BENCH_WARMUP         untimed rounds first (3)
 *   --deep / BENCH_DEEP_OFFSET      the deep-page probe continues after this many runs (5000; below --small)
 *   --batch / BENCH_BATCH           runs per seeding statement (100000)
 *   TEST_PG_URL, TEST_REDIS_URL     the PostgreSQL admin URL and Redis (the machine's local ones)
 *   LOG_LEVEL                       log level (warn)
 * The databases and Redis key prefixes are deleted when the run ends (also on Ctrl-C).
 * Never part of `npm test`; absolute figures depend on the machine and its load, the ratio much less.
 */
import { performance } from 'node:perf_hooks';
import { issueToken } from '../src/modules/workspaces/auth/tokens.js';
import { startHttpServer } from '../src/app/http/server.js';
import {
  finishBaselines,
  insertRuns,
  neighbourTenants,
  planHistoryWorld,
  settle,
  writeHistoryWorld,
  type HistoryWorld,
} from './history-growth/history-seed.js';
import { measureSides, type ProbeFigures, type Side } from './history-growth/measure.js';
import { explainStatement } from './history-growth/plan-notes.js';
import { createProbes } from './history-growth/probes.js';
import { rejectUnknownArguments, wholeKnob } from './support/bench-knobs.js';
import { openBenchStack } from './support/bench-stack.js';
import { withRawClient } from './support/raw-client.js';
import { Closers } from './support/closers.js';
import { closingOnInterrupt } from './support/closing-on-interrupt.js';

process.env.LOG_LEVEL ??= 'warn';
rejectUnknownArguments(['small', 'large', 'tenants', 'active', 'samples', 'warmup', 'deep', 'batch'], 'bench/history-growth.ts');
const small = wholeKnob('small', 'BENCH_SMALL_RUNS', 10_000, 100);
const large = wholeKnob('large', 'BENCH_LARGE_RUNS', 1_000_000, small);
const tenants = wholeKnob('tenants', 'BENCH_TENANTS', 200, 10);
const active = wholeKnob('active', 'BENCH_ACTIVE_RUNS', 24, 1);
const samples = wholeKnob('samples', 'BENCH_SAMPLES', 25, 1);
const warmup = wholeKnob('warmup', 'BENCH_WARMUP', 3, 0);
const deep = wholeKnob('deep', 'BENCH_DEEP_OFFSET', 5000, 0);
const batch = wholeKnob('batch', 'BENCH_BATCH', 100_000, 1000);
if (active >= small) throw new Error('--active must be below --small.');
const TARGET = 1.5;

const print = (line = '') => process.stdout.write(`${line}\n`);
const count = (value: number) => value.toLocaleString('en-US');
const ms = (value: number) => `${value.toFixed(1)} ms`;

const closers = new Closers();
const closeAll = () => closers.closeAll();

/**
 * A database with `runs` runs of `world` (seeded with SQL, then vacuumed and analyzed), the API on
 * it, and the probes against that API. Prints how long the seeding took.
 */
async function openSide(world: HistoryWorld, runs: number): Promise<Side> {
  const stack = await openBenchStack();
  closers.push(() => stack.close());
  const http = await startHttpServer(stack.runtime, 0);
  closers.push(() => http.close());
  const began = performance.now();
  await withRawClient(stack.orm, async (client) => {
    await writeHistoryWorld(client, world);
    for (let first = 1; first <= runs; first += batch) await insertRuns(client, world, first, Math.min(runs, first + batch - 1), active);
    await finishBaselines(client, world);
    await settle(client);
  });
  const [sizes] = await stack.orm.em
    .fork()
    .getConnection()
    .execute<{ runs: string; reconciled: string; snapshots: string; bytes: string }[]>(
      `select (select count(*) from operation_runs) as runs, (select count(*) from operation_runs where reconciled_at is not null) as reconciled,
            (select count(*) from baseline_snapshots) as snapshots, pg_total_relation_size('operation_runs') as bytes`,
    );
  print(
    `  ${count(Number(sizes!.runs))} runs (${count(Number(sizes!.reconciled))} reconciled, ${count(Number(sizes!.snapshots))} snapshots, ` +
      `operation_runs ${(Number(sizes!.bytes) / 2 ** 20).toFixed(0)} MiB with indexes) written and analyzed in ${((performance.now() - began) / 1000).toFixed(1)} s`,
  );
  const target = {
    url: `${http.url}/graphql`,
    runtime: stack.runtime,
    world,
    ownerToken: await issueToken(stack.config.auth, world.ownerId),
    operatorToken: await issueToken(stack.config.auth, world.operatorId),
  };
  return { orm: stack.orm, probes: await withRawClient(stack.orm, (client) => createProbes(target, client, deep)) };
}

const sizeLabel = (runs: number) =>
  runs >= 1_000_000 && runs % 1_000_000 === 0 ? `${runs / 1_000_000}M` : runs >= 1000 && runs % 1000 === 0 ? `${runs / 1000}k` : String(runs);
const times = (ratio: number) => `${ratio.toFixed(2)}×`;

/** Prints the table; returns the probes whose wall time or SQL time grew by more than the target. */
function printTable(smallFigures: ProbeFigures[], largeFigures: ProbeFigures[]): ProbeFigures[] {
  const width = Math.max(...smallFigures.map((figure) => figure.name.length));
  const [a, b] = [sizeLabel(small), sizeLabel(large)];
  print(`  ${''.padEnd(width)}  ${'median per call'.padStart(29)}         ${'of which SQL (sum of round trips)'.padStart(36)}`);
  print(
    `  ${'probe'.padEnd(width)}  ${`${a} runs`.padStart(10)} ${`${b} runs`.padStart(10)}  ${'ratio'.padStart(6)}        ${`${a} runs`.padStart(10)} ${`${b} runs`.padStart(10)}  ${'ratio'.padStart(6)}  statements`,
  );
  const grown: ProbeFigures[] = [];
  let within = 0;
  for (const [index, anchor] of smallFigures.entries()) {
    const figure = largeFigures[index]!;
    const ratio = figure.medianMs / anchor.medianMs;
    const sqlRatio = figure.sqlMedianMs / anchor.sqlMedianMs;
    if (ratio <= TARGET) within++;
    if (ratio > TARGET || sqlRatio > TARGET) grown.push(figure);
    print(
      `  ${anchor.name.padEnd(width)}  ${ms(anchor.medianMs).padStart(10)} ${ms(figure.medianMs).padStart(10)}  ${times(ratio).padStart(6)} ${ratio > TARGET ? 'OVER' : 'ok  '}   ` +
        `${ms(anchor.sqlMedianMs).padStart(10)} ${ms(figure.sqlMedianMs).padStart(10)}  ${times(sqlRatio).padStart(6)}  ${String(figure.statements.length).padStart(10)}`,
    );
  }
  print();
  print(`  ${within} of ${smallFigures.length} probes within ${TARGET}× (wall time per call, median of ${samples} rounds at each size)`);
  return grown;
}

print('tenantgraph history growth benchmark');
await closingOnInterrupt(
  () => closeAll(),
  async () => {
    print(`  ${count(small)} and ${count(large)} runs in two databases, each with its own API in this process (DB pool 10 each)`);
    print(`  ${tenants} tenants (+${neighbourTenants(tenants)} in a neighbour workspace, 2 in a new one); the newest ${active} runs are active`);
    print(`  ${samples} timed rounds after ${warmup} warm-up rounds; each round calls every probe on both databases back to back`);
    print();
    const world = planHistoryWorld(tenants);
    const largeSide = await openSide(world, large);
    const smallSide = await openSide(world, small);
    const [smallFigures, largeFigures] = await measureSides([smallSide, largeSide], { warmup, samples });
    print();
    const grown = printTable(smallFigures!, largeFigures!);
    for (const [index, figure] of largeFigures!.entries()) {
      if (!grown.includes(figure)) continue;
      const anchor = smallFigures![index]!;
      // The statement whose median round trip grew the most (statements match by position when both
      // sizes send as many); else the slowest of the last call.
      const growth = (position: number) => figure.statementMedianMs[position]! - (anchor.statementMedianMs[position] ?? 0);
      const positions = [...figure.statements.keys()];
      const comparable = anchor.statements.length === figure.statements.length;
      const position = positions.reduce(
        (best, next) => ((comparable ? growth(next) > growth(best) : figure.statementMedianMs[next]! > figure.statementMedianMs[best]!) ? next : best),
        0,
      );
      const statement = figure.statements[position];
      if (!statement) continue;
      print();
      print(
        `  ${figure.name}: statement ${position + 1} of ${figure.statements.length}, median ` +
          `${comparable ? `${ms(anchor.statementMedianMs[position]!)} at ${sizeLabel(small)}, ` : ''}${ms(figure.statementMedianMs[position]!)} at ${sizeLabel(large)}:`,
      );
      print(`    ${statement.sql.replace(/\s+/g, ' ').slice(0, 300)}`);
      for (const line of await explainStatement(largeSide.orm.em.fork(), statement)) print(`    ${line}`);
    }
  },
);

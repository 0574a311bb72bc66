/**
 * Idle subscription cost benchmark (issue 10, item 5): what one idle subscription costs a
 * tenantgraph API process, against a bare graphql-ws server measured in the same run.
 *
 * Processes: this one seeds a database (a workspace, a tenant, readonly members granted it) and
 * drives three children: a tenantgraph API process (src/app/http/server.ts with its event hub, no
 * worker), the anchor (ws + graphql-ws `useServer` serving the same SDL, whose subscription fields
 * return an in-memory iterator that never yields, no authentication), and a client process that
 * holds the subscriptions over real sockets. Both servers run with `--expose-gc` and answer the
 * benchmark over IPC: memory after full GCs, process CPU, the subscriptions they hold, SQL sent.
 *
 * Per round and server: open and close `--warmup` subscriptions (JIT, first-use caches); read the
 * server's memory after GC and its CPU; open N subscriptions, one socket each by default (a
 * dashboard tab each), the sockets in acknowledged waves, and wait until the server holds all N;
 * read CPU; sit idle for `--idle` seconds (SQL the process sends meanwhile); read memory after GC;
 * close everything. Per subscription: heap (and heap + external) growth, RSS growth, server CPU
 * from the first socket to the last registration, SQL statements. Rounds alternate the servers;
 * the medians are printed with the ratio tenantgraph / anchor (targets: memory ≤ 1.3×, CPU ≤ 2×).
 *
 * Run: npm run bench:subscription-memory [-- --subscriptions=1000 --rounds=3]
 * Knobs (flag or environment variable, flag wins):
 *   --subscriptions / BENCH_SUBSCRIPTIONS   idle subscriptions per measurement (1000)
 *   --per-socket / BENCH_PER_SOCKET         subscriptions multiplexed on one socket (1; at most 20)
 *   --users / BENCH_USERS                   readonly members whose tokens the sockets use, round-robin (10)
 *   --mix / BENCH_MIX                       runs: operationRunEvents only; all: operationRunEvents,
 *                                           baselineSnapshotEvents and myNotifications round-robin (runs)
 *   --rounds / BENCH_ROUNDS                 measurements per server, alternating (3)
 *   --warmup / BENCH_WARMUP                 subscriptions opened and closed before each measurement (200)
 *   --idle / BENCH_IDLE_SECONDS             seconds the subscriptions sit idle before memory is read (3)
 *   --wave / BENCH_WAVE                     sockets opened at once (100)
 *   TEST_PG_URL, TEST_REDIS_URL             the PostgreSQL admin URL and Redis (the machine's local ones)
 *   CHILD_LOG_LEVEL                         log level of the tenantgraph process (warn)
 * Never part of `npm test`; the figures depend on the machine and its load.
 */
import os from 'node:os';
import { issueToken } from '../src/modules/workspaces/auth/tokens.js';
import { knob, rejectUnknownArguments, wholeKnob } from './support/bench-knobs.js';
import { createWorkspaceFixture, openBenchStack } from './support/bench-stack.js';
import { startChild, type Child } from './support/child-ipc.js';
import { createReadonlyWatchers } from './support/readonly-watchers.js';
import type { IdleClientApi } from './subscription-memory/idle-client-process.js';
import { idleOperations, MIXES, type Mix } from './subscription-memory/idle-operations.js';
import { measureIdleCost, type IdleCost } from './subscription-memory/measure-idle-cost.js';
import type { ServerMeterApi } from './subscription-memory/process-meter.js';
import { closingOnInterrupt } from './support/closing-on-interrupt.js';

process.env.LOG_LEVEL ??= 'warn';

rejectUnknownArguments(['subscriptions', 'per-socket', 'users', 'mix', 'rounds', 'warmup', 'idle', 'wave'], 'bench/subscription-memory.ts');
const subscriptions = wholeKnob('subscriptions', 'BENCH_SUBSCRIPTIONS', 1000, 1);
const perSocket = wholeKnob('per-socket', 'BENCH_PER_SOCKET', 1, 1);
const users = wholeKnob('users', 'BENCH_USERS', 10, 1);
const mix = knob('mix', 'BENCH_MIX', 'runs') as Mix;
const rounds = wholeKnob('rounds', 'BENCH_ROUNDS', 3, 1);
const warmup = wholeKnob('warmup', 'BENCH_WARMUP', 200, 0);
const idleMs = wholeKnob('idle', 'BENCH_IDLE_SECONDS', 3, 0) * 1000;
const wave = wholeKnob('wave', 'BENCH_WAVE', 100, 1);
if (!MIXES.includes(mix)) throw new Error(`--mix / BENCH_MIX must be one of ${MIXES.join(', ')}.`);
if (perSocket > 20) throw new Error('--per-socket / BENCH_PER_SOCKET must be at most 20 (MAX_SUBSCRIPTIONS_PER_SOCKET).');
const TARGET = { memory: 1.3, cpu: 2 };

const print = (line = '') => process.stdout.write(`${line}\n`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const medianCost = (costs: IdleCost[]): IdleCost => {
  const keys = Object.keys(costs[0]!) as (keyof IdleCost)[];
  return Object.fromEntries(keys.map((key) => [key, median(costs.map((cost) => cost[key]))])) as unknown as IdleCost;
};

print('tenantgraph idle subscription cost benchmark');
const sockets = Math.ceil(subscriptions / perSocket);
const stack = await openBenchStack({
  MAX_SOCKETS_PER_TOKEN: String(Math.max(10, Math.ceil(sockets / users))),
  MAX_SUBSCRIPTIONS_PER_USER: String(Math.max(100, Math.ceil(subscriptions / users))),
});
const children: Child<any>[] = [];
const closeAll = async () => {
  for (const child of children.splice(0).reverse()) await child.stop();
  await stack.close();
};
await closingOnInterrupt(closeAll, async () => {
  const fixture = await createWorkspaceFixture(stack.orm.em.fork());
  const watchers = await createReadonlyWatchers(stack, fixture.workspaceId, fixture.tenantId, users);
  const tokens = await Promise.all(watchers.map((id) => issueToken(stack.config.auth, id, 3600)));
  const start = async <H extends Record<string, (args: any) => Promise<unknown>>>(module: string, flags: string[] = []) => {
    const child = await startChild<H>(new URL(module, import.meta.url), stack.childEnv, flags);
    children.push(child);
    return child;
  };
  const anchor = await start<ServerMeterApi>('./subscription-memory/anchor-process.ts', ['--expose-gc']);
  const tenantgraph = await start<ServerMeterApi>('./subscription-memory/tenantgraph-process.ts', ['--expose-gc']);
  const client = await start<IdleClientApi>('./subscription-memory/idle-client-process.ts');
  const measurement = {
    client,
    request: { tokens, subscriptions, perSocket, wave, operations: idleOperations(mix, fixture.workspaceId) },
    warmup,
    idleMs,
  };

  print(`  ${os.cpus().length} CPUs; servers and client in child processes (node --expose-gc); ${rounds} round(s) per server, alternating, medians`);
  print(
    `  ${subscriptions} idle subscription(s) (${mix === 'runs' ? 'operationRunEvents' : 'operationRunEvents, baselineSnapshotEvents, myNotifications round-robin'}), ${perSocket} per socket, ${sockets} socket(s) in waves of ${wave}, tokens of ${users} readonly members`,
  );
  print(`  anchor: ws + graphql-ws useServer, the same SDL, subscription fields returning an in-memory iterator that never yields`);
  print();
  const results = { anchor: [] as IdleCost[], tenantgraph: [] as IdleCost[] };
  for (let round = 0; round < rounds; round++) {
    results.anchor.push(await measureIdleCost(anchor, measurement));
    results.tenantgraph.push(await measureIdleCost(tenantgraph, measurement));
  }
  const base = medianCost(results.anchor);
  const ours = medianCost(results.tenantgraph);
  const line = (label: string, cost: IdleCost) =>
    print(
      `  ${label.padEnd(18)} heap ${kb(cost.heapBytes).padStart(9)}  heap+external ${kb(cost.heapAndExternalBytes).padStart(9)}  RSS ${kb(cost.rssBytes).padStart(9)}  CPU to open ${cost.cpuMsToOpen.toFixed(3).padStart(6)} ms  SQL to open ${cost.statementsToOpen.toFixed(2)}`,
    );
  print('per idle subscription (server process, after GC)');
  line('bare graphql-ws', base);
  line('tenantgraph', ours);
  const memoryRatio = ours.heapBytes / base.heapBytes;
  const cpuRatio = ours.cpuMsToOpen / base.cpuMsToOpen;
  print(
    `  ratio              heap ${memoryRatio.toFixed(2)}× (target ≤ ${TARGET.memory}×: ${memoryRatio <= TARGET.memory ? 'met' : 'MISSED'}), heap+external ${(ours.heapAndExternalBytes / base.heapAndExternalBytes).toFixed(2)}×, CPU to open ${cpuRatio.toFixed(2)}× (target ≤ ${TARGET.cpu}×: ${cpuRatio <= TARGET.cpu ? 'met' : 'MISSED'})`,
  );
  print(
    `  rounds (heap KB / CPU ms): anchor ${results.anchor.map((cost) => `${(cost.heapBytes / 1024).toFixed(1)}/${cost.cpuMsToOpen.toFixed(3)}`).join(', ')}; tenantgraph ${results.tenantgraph.map((cost) => `${(cost.heapBytes / 1024).toFixed(1)}/${cost.cpuMsToOpen.toFixed(3)}`).join(', ')}`,
  );
  print(
    `  while idle, the tenantgraph process sent ${ours.idleStatementsPerSecond.toFixed(1)} SQL statements/s in all (the event hub's outbox poll, not per subscription)`,
  );
  print('  RSS grows less once a process has grown to its peak (later rounds reuse pages); heap is the compared figure');
});

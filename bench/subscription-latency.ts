/**
 * Subscription latency benchmark (DESIGN.md rule 8, live events): how long after a run transition
 * commits a graphql-ws subscriber has it, for 1, 100 and 1,000 concurrent subscribers; in the same
 * run, the floor (a raw Redis subscriber on the same channel), the staleness the seed's polling
 * would give, and the database statements per second of polling versus subscriptions.
 *
 * Processes: this one runs the API (startHttpServer: Apollo, graphql-ws, event hub) with a probe
 * inside it; a writer child process moves running `test.noop` runs forward with progress
 * heartbeats through OperationRunService (as a worker would) at a fixed rate; a client child
 * process holds the subscribers or the pollers. Each run creates its own database and Redis prefix.
 *
 * 1. Commit → client, per N: N subscriptions to `operationRunEvents` selecting
 *    `cursor kind run { id status outcome freshness { state } summaryCounts { key value } }`, one
 *    per socket (a dashboard tab each), the sockets spread over the tokens of several readonly
 *    members, with MAX_SOCKETS_PER_TOKEN raised to fit. Commit time: the moment the writer's COMMIT
 *    returned, stamped by a thin wrapper around the outbox just before it publishes to Redis.
 *    Client time: the graphql-ws `next` callback in the client process. The clocks are the
 *    processes' monotonic clocks anchored at their time origins; the offset between processes is
 *    measured by IPC round trips and corrected. Every delivery is checked: each measured
 *    transition exactly once per subscriber, in order. The sockets connect 100 at a time: opened
 *    all at once (a reconnect storm), some are closed by graphql-ws's 3 s connection-initialisation
 *    timeout (4408) on this machine, which is not the steady state measured here.
 * 2. Floor: commit → message of a raw Redis subscriber on `${prefix}:events:${workspaceId}`, in the
 *    (otherwise idle) writer process.
 * 3. Where the time goes (from the probe in the API process): commit → event hub wake-up, waiting
 *    for the outbox read, the read, read → first socket send, first → last send (fan-out),
 *    last send → last client.
 * 4. Polling with the seed's backoff (seed/files/public/js/tenantpilot/ops-ux-progress-widget-poller.js):
 *    measured with N real HTTP pollers refreshing the active runs for a short window at the start
 *    of an activity (1 s refreshes), and modelled for a whole activity (1 s for 10 s, 5 s to 60 s,
 *    10 s after, pages idle at 30 s before), every answer as fast as the fastest measured.
 * 5. Database statements per second sent by the API process: subscriptions while the stream runs
 *    and while idle; polling measured in its 1 s phase, and its demand at the slower phases
 *    (statements per refresh × N / interval, an upper bound).
 *
 * Run: npm run bench:subscription-latency [-- --subscribers=1,100,1000 --rate=10]
 * Knobs (flag or environment variable, flag wins):
 *   --subscribers / BENCH_SUBSCRIBERS   subscriber (and poller) counts, comma-separated (1,100,1000)
 *   --rate / BENCH_RATE                 transitions per second (10)
 *   --events / BENCH_EVENTS             measured transitions per subscriber count (100)
 *   --warmup / BENCH_WARMUP             untimed transitions before each measurement (10)
 *   --per-socket / BENCH_PER_SOCKET     subscriptions multiplexed on one socket (1; at most 20)
 *   --users / BENCH_USERS               readonly members whose tokens the clients use (10)
 *   --runs / BENCH_RUN_COUNT            running runs the writer moves forward, round-robin (4)
 *   --poll-window / BENCH_POLL_WINDOW_SECONDS   real polling per count, 0 skips polling (15)
 *   --poll-horizon / BENCH_POLL_HORIZON_SECONDS activity length of the polling model (300)
 *   TEST_PG_URL, TEST_REDIS_URL         the PostgreSQL admin URL and Redis (the machine's local ones)
 *   LOG_LEVEL, CHILD_LOG_LEVEL          log levels of this process and the children (warn)
 * Never part of `npm test`; the figures depend on the machine and its load.
 */
import os from 'node:os';
import { distribution, type Distribution } from './support/percentiles.js';
import { knob, rejectUnknownArguments, wholeKnob } from './support/bench-knobs.js';
import { openBenchStack } from './support/bench-stack.js';
import { openScene } from './subscription-latency/bench-scene.js';
import { measurePollers, type PollerResult } from './subscription-latency/measure-pollers.js';
import { measureSubscribers, type SubscriberResult } from './subscription-latency/measure-subscribers.js';
import { modelStaleness } from './subscription-latency/staleness-model.js';
import { closingOnInterrupt } from './support/closing-on-interrupt.js';

process.env.LOG_LEVEL ??= 'warn';

rejectUnknownArguments(
  ['subscribers', 'rate', 'events', 'warmup', 'per-socket', 'users', 'runs', 'poll-window', 'poll-horizon'],
  'bench/subscription-latency.ts',
);
const counts = knob('subscribers', 'BENCH_SUBSCRIBERS', '1,100,1000')
  .split(',')
  .map((value) => {
    const count = Number(value);
    if (!Number.isInteger(count) || count < 1) throw new Error('--subscribers / BENCH_SUBSCRIBERS must list whole numbers >= 1.');
    return count;
  });
const perSecond = wholeKnob('rate', 'BENCH_RATE', 10, 1);
const events = wholeKnob('events', 'BENCH_EVENTS', 100, 1);
const warmup = wholeKnob('warmup', 'BENCH_WARMUP', 10, 1);
const perSocket = wholeKnob('per-socket', 'BENCH_PER_SOCKET', 1, 1);
const users = wholeKnob('users', 'BENCH_USERS', 10, 1);
const runCount = wholeKnob('runs', 'BENCH_RUN_COUNT', 4, 1);
const pollWindowMs = wholeKnob('poll-window', 'BENCH_POLL_WINDOW_SECONDS', 15, 0) * 1000;
const horizonMs = wholeKnob('poll-horizon', 'BENCH_POLL_HORIZON_SECONDS', 300, 60) * 1000;
if (perSocket > 20) throw new Error('--per-socket / BENCH_PER_SOCKET must be at most 20 (MAX_SUBSCRIPTIONS_PER_SOCKET).');
const socketsPerToken = Math.max(10, Math.ceil(Math.max(...counts) / perSocket / users));
const TARGET = { subscribers: 1000, p99Ms: 100 };
const SEED_PHASES = [
  { label: '5 s phase', intervalMs: 5_000 },
  { label: '10 s phase', intervalMs: 10_000 },
  { label: 'idle (30 s)', intervalMs: 30_000 },
];
const MODEL_PAGES = 1000;

const print = (line = '') => process.stdout.write(`${line}\n`);
const ms = (value: number) => (Number.isFinite(value) ? (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`) : '-');
const row = (d: Distribution) => `p50 ${ms(d.p50).padStart(8)}  p95 ${ms(d.p95).padStart(8)}  p99 ${ms(d.p99).padStart(8)}  max ${ms(d.max).padStart(8)}`;
const label = (count: number) => `N=${count}`.padEnd(7);

function deliveryLine(result: SubscriberResult): string {
  const { delivery } = result;
  const wrong = [
    delivery.missing && `${delivery.missing} missing`,
    delivery.duplicates && `${delivery.duplicates} duplicated`,
    delivery.outOfOrder && `${delivery.outOfOrder} out of order`,
  ].filter(Boolean);
  const errors = delivery.errors.length > 0 ? `; errors: ${delivery.errors.slice(0, 3).join(' | ')}` : '';
  return `${delivery.delivered}/${delivery.expected} deliveries${wrong.length ? ` WRONG: ${wrong.join(', ')}` : ', each once, in order'}${errors}`;
}

function printSubscribers(results: SubscriberResult[]): void {
  print('commit → client latency, every delivery of every measured transition');
  for (const result of results) print(`  ${label(result.subscribers)} ${row(result.latency)}   ${result.sockets} socket(s); ${deliveryLine(result)}`);
  for (const result of results) print(`  floor at ${label(result.subscribers)} ${row(result.floor)}   raw Redis subscriber on the workspace channel`);
  const atTarget = results.find((result) => result.subscribers === TARGET.subscribers);
  if (atTarget) {
    const met = atTarget.latency.p99 <= TARGET.p99Ms;
    print(`  target p99 ≤ ${TARGET.p99Ms} ms at ${TARGET.subscribers} subscribers: ${met ? 'met' : 'MISSED'} (p99 ${ms(atTarget.latency.p99)})`);
  }
  print();
  print('where the time goes, per transition (p50 / p99), and CPU while streaming (% of one core)');
  for (const result of results) {
    const stages = result.stages.map((stage) => `${stage.label} ${ms(stage.distribution.p50)} / ${ms(stage.distribution.p99)}`);
    print(`  ${label(result.subscribers)} ${stages.slice(0, 3).join(', ')}`);
    print(`          ${stages.slice(3).join(', ')}`);
    print(
      `          achieved ${result.perSecond.toFixed(1)} transitions/s; CPU: API process ${result.apiCpuPercent.toFixed(0)}%, client process ${result.clientCpuPercent.toFixed(0)}%`,
    );
  }
}

function printPolling(results: PollerResult[]): void {
  print();
  print('polling with the seed backoff (after each answer: 1 s while runs are active < 10 s, 5 s < 60 s, 10 s after; 30 s when none are)');
  print(`  measured: N real pages refreshing the active runs over HTTP for the first ${pollWindowMs / 1000} s of an activity (1 s refreshes, then 5 s)`);
  for (const result of results) {
    print(
      `  ${label(result.pollers)} staleness ${row(result.staleness)}   ${result.pollsPerSecond.toFixed(1)} refreshes/s, answer p50 ${ms(result.answer.p50)} p99 ${ms(result.answer.p99)}`,
    );
  }
  const answerMs = Math.min(...results.map((result) => result.answer.p50));
  const windows = modelStaleness({ pages: MODEL_PAGES, horizonMs, perSecond, answerMs });
  print(
    `  model: a ${horizonMs / 1000} s activity at ${perSecond} transitions/s seen by ${MODEL_PAGES} pages idle before it, every answer in ${ms(answerMs)} (the fastest measured)`,
  );
  print(`          staleness ${row(distribution(windows.flatMap((window) => window.samples)))}   whole activity`);
  for (const window of windows) print(`          staleness ${row(distribution(window.samples))}   transitions committed ${window.label}`);
}

function printStatements(subscribers: SubscriberResult[], pollers: PollerResult[]): void {
  print();
  print(`database statements per second sent by the API process, same stream (${perSecond} transitions/s)`);
  for (const result of subscribers) {
    const polling = pollers.find((poll) => poll.pollers === result.subscribers);
    const perTransition = result.apiStatementsPerSecond / result.perSecond;
    const subscriptions = `subscriptions ${result.apiStatementsPerSecond.toFixed(1)}/s streaming (${perTransition.toFixed(1)} per transition), ${result.idleStatementsPerSecond.toFixed(1)}/s idle`;
    if (!polling) {
      print(`  ${label(result.subscribers)} ${subscriptions}`);
      continue;
    }
    const demand = SEED_PHASES.map((phase) => `${((polling.statementsPerPoll * polling.pollers * 1000) / phase.intervalMs).toFixed(1)}/s ${phase.label}`).join(
      ', ',
    );
    print(`  ${label(result.subscribers)} ${subscriptions}`);
    print(
      `          polling ${polling.apiStatementsPerSecond.toFixed(1)}/s measured in its 1 s phase (${polling.statementsPerPoll.toFixed(1)} per refresh); at most ${demand}`,
    );
  }
  const writer = subscribers[0]?.writerStatementsPerTransition;
  if (writer !== undefined) print(`  (the writer sends ${writer.toFixed(1)} statements per transition either way, ${(writer * perSecond).toFixed(1)}/s)`);
}

print('tenantgraph subscription latency benchmark');
const stack = await openBenchStack({ TENANTGRAPH_TEST_OPERATIONS: '1', MAX_SOCKETS_PER_TOKEN: String(socketsPerToken) });
await closingOnInterrupt(
  () => stack.close(),
  async () => {
    const scene = await openScene(stack, { users, runs: runCount });
    try {
      print(`  ${os.cpus().length} CPUs; API in this process (DB pool ${stack.config.database.poolMax}); writer and clients in child processes`);
      print(
        `  stream: ${perSecond} progress transitions/s (runs.heartbeat on ${runCount} running test.noop runs, round-robin), ${events} measured after ${warmup} warm-up, per N`,
      );
      print(`  subscribers: operationRunEvents { cursor kind run { id status outcome freshness { state } summaryCounts { key value } } }`);
      print(
        `    ${perSocket} subscription(s) per socket, tokens of ${users} readonly members round-robin per socket (MAX_SOCKETS_PER_TOKEN=${socketsPerToken})`,
      );
      print(`  commit = the writer's COMMIT returned (stamped before the outbox publishes); client = graphql-ws next callback`);
      print(`  clock offsets corrected: writer ${scene.clockOffsetsMs.writer.toFixed(2)} ms, clients ${scene.clockOffsetsMs.clients.toFixed(2)} ms`);
      print();
      const subscriberResults: SubscriberResult[] = [];
      for (const count of counts) subscriberResults.push(await measureSubscribers(scene, count, { perSecond, events, warmup, perSocket, idleMs: 3000 }));
      printSubscribers(subscriberResults);
      const pollerResults: PollerResult[] = [];
      if (pollWindowMs > 0) {
        for (const count of counts) pollerResults.push(await measurePollers(scene, count, { windowMs: pollWindowMs, perSecond }));
        printPolling(pollerResults);
      }
      printStatements(subscriberResults, pollerResults);
      if (subscriberResults.some((result) => result.delivery.missing + result.delivery.duplicates + result.delivery.outOfOrder > 0)) process.exitCode = 1;
    } finally {
      await scene.close();
    }
  },
);

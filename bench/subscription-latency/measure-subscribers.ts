import { setTimeout as sleep } from 'node:timers/promises';
import { startCpuMeter } from '../support/cpu-meter.js';
import { distribution, type Distribution } from '../support/percentiles.js';
import { countStatements } from '../support/sql-counter.js';
import { waitFor } from '../../tests/support/wait-for.js';
import type { Receipts } from './client-process.js';
import { epochNow } from '../support/epoch-clock.js';
import type { Scene } from './bench-scene.js';
import type { Transition } from './writer-process.js';

/** What a dashboard row needs, as the reference dashboard selects it (a subset). */
export const RUN_EVENTS_SUBSCRIPTION = `subscription($workspaceId: ID!) {
  operationRunEvents(workspaceId: $workspaceId) { cursor kind run { id status outcome freshness { state } summaryCounts { key value } } }
}`;

/** Sockets the clients open at once while connecting. */
const SOCKET_WAVE = 100;

export interface StreamOptions {
  perSecond: number;
  events: number;
  warmup: number;
  perSocket: number;
  /** How long statements are counted with subscribers connected and no transitions. */
  idleMs: number;
}

export interface Delivery {
  expected: number;
  delivered: number;
  missing: number;
  duplicates: number;
  outOfOrder: number;
  errors: string[];
}

export interface SubscriberResult {
  subscribers: number;
  sockets: number;
  /** Commit → graphql-ws `next` in the client process, every delivery of every measured transition. */
  latency: Distribution;
  /** Commit → raw Redis subscriber in the writer process. */
  floor: Distribution;
  /** Where one transition's time goes, per transition. */
  stages: { label: string; distribution: Distribution }[];
  delivery: Delivery;
  perSecond: number;
  apiStatementsPerSecond: number;
  idleStatementsPerSecond: number;
  writerStatementsPerTransition: number;
  apiCpuPercent: number;
  clientCpuPercent: number;
}

function checkDelivery(
  receipts: Receipts[],
  commits: Map<number, number>,
  clientOffsetMs: number,
): { delivery: Omit<Delivery, 'errors'>; latencies: number[]; lastArrival: Map<number, number> } {
  const latencies: number[] = [];
  const lastArrival = new Map<number, number>();
  let duplicates = 0;
  let outOfOrder = 0;
  for (const subscriber of receipts) {
    const seen = new Set<number>();
    let previous = -1;
    for (let index = 0; index < subscriber.ids.length; index++) {
      const id = subscriber.ids[index]!;
      if (id < previous) outOfOrder++;
      previous = id;
      const committedAt = commits.get(id);
      if (committedAt === undefined) continue;
      if (seen.has(id)) {
        duplicates++;
        continue;
      }
      seen.add(id);
      const arrivedAt = subscriber.times[index]! - clientOffsetMs;
      latencies.push(arrivedAt - committedAt);
      lastArrival.set(id, Math.max(lastArrival.get(id) ?? arrivedAt, arrivedAt));
    }
  }
  const expected = receipts.length * commits.size;
  return { delivery: { expected, delivered: latencies.length, missing: expected - latencies.length, duplicates, outOfOrder }, latencies, lastArrival };
}

function stagesOf(scene: Scene, transitions: Transition[], lastArrival: Map<number, number>): SubscriberResult['stages'] {
  const stages = new Map<string, number[]>(
    [
      'commit → hub wake-up',
      'wake-up → outbox read starts',
      'outbox read (SQL)',
      'read → first socket send',
      'first → last socket send',
      'last send → last client',
    ].map((label) => [label, []]),
  );
  const add = (label: string, value: number) => {
    if (Number.isFinite(value)) stages.get(label)!.push(value);
  };
  for (const transition of transitions) {
    const id = Number(transition.id);
    const committedAt = transition.committedAt - scene.clockOffsetsMs.writer;
    const server = scene.probe.events.get(id);
    if (!server) continue;
    const wake = scene.probe.wakeAfter(committedAt);
    add('commit → hub wake-up', wake - committedAt);
    add('wake-up → outbox read starts', server.readStart - wake);
    add('outbox read (SQL)', server.readEnd - server.readStart);
    add('read → first socket send', server.firstSend - server.readEnd);
    add('first → last socket send', server.lastSend - server.firstSend);
    add('last send → last client', (lastArrival.get(id) ?? Number.NaN) - server.lastSend);
  }
  return [...stages].map(([label, values]) => ({ label, distribution: distribution(values) }));
}

/**
 * `subscribers` graphql-ws subscriptions to the workspace's run events, then a steady stream of
 * progress transitions from the writer: an untimed warm-up, then `events` measured transitions.
 * Every delivery is checked (each measured transition once per subscriber, in order).
 */
export async function measureSubscribers(scene: Scene, subscribers: number, options: StreamOptions): Promise<SubscriberResult> {
  const sockets = await scene.clients.call('subscribe', {
    url: scene.socketUrl,
    tokens: scene.tokens,
    subscribers,
    perSocket: options.perSocket,
    wave: SOCKET_WAVE,
    query: RUN_EVENTS_SUBSCRIPTION,
    variables: { workspaceId: scene.workspaceId },
  });
  await waitFor(async () => scene.http.hub.listenerCount === subscribers, 120_000, 20, 'every subscription to register with the event hub');

  const idle = countStatements(scene.stack.orm);
  await sleep(options.idleMs);
  const idleStatementsPerSecond = idle.stop() / (options.idleMs / 1000);

  const warm = await scene.writer.call('emit', { count: options.warmup, perSecond: options.perSecond });
  const lastWarm = Number(warm.transitions.at(-1)?.id ?? -1);
  await waitFor(async () => lastWarm < 0 || (scene.probe.events.get(lastWarm)?.sends ?? 0) >= subscribers, 60_000, 20, 'the warm-up to be delivered');

  const statements = countStatements(scene.stack.orm);
  const cpu = startCpuMeter();
  await scene.clients.call('markCpu', undefined);
  const began = epochNow();
  const report = await scene.writer.call('emit', { count: options.events, perSecond: options.perSecond });
  const collected = await scene.clients.call('collect', { perSubscriber: options.warmup + options.events, timeoutMs: 60_000 });
  const wallMs = epochNow() - began;
  const statementCount = statements.stop();
  const apiCpuMs = cpu.stopMs();
  await scene.clients.call('unsubscribe', undefined);
  await waitFor(async () => scene.http.hub.listenerCount === 0, 60_000, 20, 'every subscription to end');

  const commits = new Map(report.transitions.map((transition) => [Number(transition.id), transition.committedAt - scene.clockOffsetsMs.writer]));
  const { delivery, latencies, lastArrival } = checkDelivery(collected.receipts, commits, scene.clockOffsetsMs.clients);
  const floor = report.transitions.filter((transition) => transition.floorAt !== null).map((transition) => transition.floorAt! - transition.committedAt);
  return {
    subscribers,
    sockets,
    latency: distribution(latencies),
    floor: distribution(floor),
    stages: stagesOf(scene, report.transitions, lastArrival),
    delivery: { ...delivery, errors: collected.errors },
    perSecond: report.perSecond,
    apiStatementsPerSecond: statementCount / (wallMs / 1000),
    idleStatementsPerSecond,
    writerStatementsPerTransition: report.statementsPerTransition,
    apiCpuPercent: (100 * apiCpuMs) / wallMs,
    clientCpuPercent: (100 * collected.cpuMs) / wallMs,
  };
}

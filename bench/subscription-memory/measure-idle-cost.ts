import type { Child } from '../support/child-ipc.js';
import { epochNow, sleepUntil } from '../support/epoch-clock.js';
import type { IdleClientApi, OpenRequest } from './idle-client-process.js';
import type { ServerMeterApi } from './process-meter.js';

/** What N idle subscriptions cost one server process, per subscription. */
export interface IdleCost {
  heapBytes: number;
  /** Heap plus memory outside it (socket buffers), after GC. */
  heapAndExternalBytes: number;
  rssBytes: number;
  /** Server CPU from the first socket opened until the last subscription was registered. */
  cpuMsToOpen: number;
  statementsToOpen: number;
  /** SQL statements the server sent per second while the N subscriptions sat idle (for the whole process). */
  idleStatementsPerSecond: number;
}

export interface Measurement {
  client: Child<IdleClientApi>;
  request: Omit<OpenRequest, 'url'>;
  /** Subscriptions opened and closed first, so start-up work (JIT, first-use caches) is not counted. */
  warmup: number;
  idleMs: number;
}

async function waitForSubscriptions(server: Child<ServerMeterApi>, client: Child<IdleClientApi>, expected: number): Promise<void> {
  const deadline = epochNow() + 120_000;
  for (;;) {
    const held = await server.call('subscriptions', undefined);
    if (held === expected) return;
    const problems = await client.call('problems', undefined);
    if (problems.length > 0) throw new Error(`subscriptions failed: ${problems.slice(0, 3).join(' | ')}`);
    if (epochNow() > deadline) throw new Error(`the server holds ${held} subscriptions, expected ${expected}.`);
    await sleepUntil(epochNow() + 20);
  }
}

async function openAndClose(server: Child<ServerMeterApi>, url: string, measurement: Measurement, count: number): Promise<void> {
  await measurement.client.call('open', { ...measurement.request, url, subscriptions: count });
  await waitForSubscriptions(server, measurement.client, count);
  await measurement.client.call('close', undefined);
  await waitForSubscriptions(server, measurement.client, 0);
}

/**
 * Opens `request.subscriptions` idle subscriptions on `server` and reads, per subscription, the
 * memory it holds after GC and the CPU and SQL it took to open; closes them again.
 */
export async function measureIdleCost(server: Child<ServerMeterApi>, measurement: Measurement): Promise<IdleCost> {
  const { client, request } = measurement;
  const url = await server.call('url', undefined);
  if (measurement.warmup > 0) await openAndClose(server, url, measurement, measurement.warmup);
  const memoryBefore = await server.call('memory', undefined);
  const statementsBefore = await server.call('statements', undefined);
  const cpuBefore = await server.call('cpu', undefined);
  await client.call('open', { ...request, url });
  await waitForSubscriptions(server, client, request.subscriptions);
  const cpuAfter = await server.call('cpu', undefined);
  const statementsAfter = await server.call('statements', undefined);
  const idleFrom = epochNow();
  await sleepUntil(idleFrom + measurement.idleMs);
  const statementsIdle = (await server.call('statements', undefined)) - statementsAfter;
  const idleSeconds = (epochNow() - idleFrom) / 1000;
  const memoryAfter = await server.call('memory', undefined);
  await client.call('close', undefined);
  await waitForSubscriptions(server, client, 0);
  const per = (value: number) => value / request.subscriptions;
  return {
    heapBytes: per(memoryAfter.heapUsed - memoryBefore.heapUsed),
    heapAndExternalBytes: per(memoryAfter.heapUsed + memoryAfter.external - memoryBefore.heapUsed - memoryBefore.external),
    rssBytes: per(memoryAfter.rss - memoryBefore.rss),
    cpuMsToOpen: per(cpuAfter - cpuBefore),
    statementsToOpen: per(statementsAfter - statementsBefore),
    idleStatementsPerSecond: statementsIdle / idleSeconds,
  };
}

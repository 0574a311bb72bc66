/**
 * Child process of bench/subscription-latency.ts: the clients, apart from the API so their work
 * does not run on the API's event loop. It holds N graphql-ws subscribers over real sockets
 * (stamping each event in the `next` callback, before anything else), or N HTTP pollers on the
 * seed's schedule.
 */
import type { Client } from 'graphql-ws';
import { decodeEventCursor } from '../../src/outbox/position.js';
import { startCpuMeter } from '../support/cpu-meter.js';
import { describeSocketProblem, openBenchSocket } from '../support/bench-socket.js';
import { serveParent } from '../support/child-ipc.js';
import { epochNow, sleepUntil } from '../support/epoch-clock.js';
import { runSeedPollers, type PollRequest } from './seed-pollers.js';

export interface SubscribeRequest {
  url: string;
  tokens: string[];
  subscribers: number;
  perSocket: number;
  /** Sockets opened at once; each wave is acknowledged before the next opens. */
  wave: number;
  query: string;
  variables: Record<string, unknown>;
}

/** What one subscriber received: outbox event ids and arrival times, in arrival order. */
export interface Receipts {
  ids: Float64Array;
  times: Float64Array;
}

interface Collected {
  receipts: Receipts[];
  errors: string[];
  cpuMs: number;
}

const clients: Client[] = [];
let received: { cursors: string[]; times: number[] }[] = [];
let errors: string[] = [];
let cpu = startCpuMeter();
let closing = false;

function eventId(cursor: string, cache: Map<string, number>): number {
  let id = cache.get(cursor);
  if (id === undefined) {
    id = Number(decodeEventCursor(cursor)?.id ?? -1);
    cache.set(cursor, id);
  }
  return id;
}

/** Opens socket `socket` with its share of the subscriptions; `acknowledged` runs on connection_ack. */
function openSocket(request: SubscribeRequest, socket: number, acknowledged: () => void): void {
  const client = openBenchSocket(
    request.url,
    request.tokens[socket % request.tokens.length]!,
    acknowledged,
    () => closing,
    (problem) => errors.push(problem),
  );
  clients.push(client);
  const last = Math.min(request.subscribers, (socket + 1) * request.perSocket);
  for (let index = socket * request.perSocket; index < last; index++) {
    const into = received[index]!;
    client.subscribe<{ operationRunEvents: { cursor: string } }>(
      { query: request.query, variables: request.variables },
      {
        next: (result) => {
          into.times.push(epochNow());
          into.cursors.push(result.data?.operationRunEvents.cursor ?? '');
          if (result.errors) errors.push(describeSocketProblem(result.errors));
        },
        error: (error) => errors.push(describeSocketProblem(error)),
        complete: () => undefined,
      },
    );
  }
}

const handlers = {
  /**
   * Opens the sockets in waves, each acknowledged before the next opens: a thousand sockets
   * opened at once are a reconnect storm (see the benchmark's notes), not the steady state measured.
   */
  async subscribe(request: SubscribeRequest): Promise<number> {
    received = Array.from({ length: request.subscribers }, () => ({ cursors: [], times: [] }));
    errors = [];
    closing = false;
    const sockets = Math.ceil(request.subscribers / request.perSocket);
    let open = 0;
    for (let first = 0; first < sockets; first += request.wave) {
      const end = Math.min(sockets, first + request.wave);
      for (let socket = first; socket < end; socket++) openSocket(request, socket, () => open++);
      const deadline = epochNow() + 60_000;
      while (open < end && errors.length === 0 && epochNow() < deadline) await sleepUntil(epochNow() + 10);
      if (open < end) throw new Error(`${open} of ${sockets} sockets were acknowledged: ${errors.slice(0, 3).join(' | ') || 'timed out'}.`);
    }
    return sockets;
  },

  /** Starts this process's CPU meter (the measured part begins). */
  async markCpu(): Promise<void> {
    cpu = startCpuMeter();
  },

  /** Waits until every subscriber received `perSubscriber` events (or `timeoutMs` passed) and hands over what arrived. */
  async collect(args: { perSubscriber: number; timeoutMs: number }): Promise<Collected> {
    const deadline = epochNow() + args.timeoutMs;
    while (received.some((subscriber) => subscriber.times.length < args.perSubscriber) && epochNow() < deadline && errors.length === 0) {
      await sleepUntil(epochNow() + 20);
    }
    const cpuMs = cpu.stopMs();
    const cache = new Map<string, number>();
    return {
      receipts: received.map((subscriber) => ({
        ids: Float64Array.from(subscriber.cursors, (cursor) => eventId(cursor, cache)),
        times: Float64Array.from(subscriber.times),
      })),
      errors: [...new Set(errors)],
      cpuMs,
    };
  },

  async unsubscribe(): Promise<void> {
    closing = true;
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
  },

  poll: (request: PollRequest) => runSeedPollers(request),
};

export type ClientApi = typeof handlers;

serveParent(handlers, () => handlers.unsubscribe());

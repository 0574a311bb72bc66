/**
 * Child process of bench/subscription-memory.ts: holds idle graphql-ws subscriptions over real
 * sockets, apart from the servers it measures. Sockets open in waves, each acknowledged before the
 * next opens (a thousand at once would be a reconnect storm, not the steady state measured).
 */
import type { Client } from 'graphql-ws';
import { describeSocketProblem, openBenchSocket } from '../support/bench-socket.js';
import { serveParent } from '../support/child-ipc.js';
import { epochNow, sleepUntil } from '../support/epoch-clock.js';

export interface OpenRequest {
  url: string;
  tokens: string[];
  subscriptions: number;
  perSocket: number;
  wave: number;
  /** Subscription i runs operations[i % operations.length]. */
  operations: { query: string; variables: Record<string, unknown> }[];
}

const clients: Client[] = [];
let problems: string[] = [];
let closing = false;

function openSocket(request: OpenRequest, socket: number, acknowledged: () => void): void {
  const client = openBenchSocket(
    request.url,
    request.tokens[socket % request.tokens.length]!,
    acknowledged,
    () => closing,
    (problem) => problems.push(problem),
  );
  clients.push(client);
  const last = Math.min(request.subscriptions, (socket + 1) * request.perSocket);
  for (let index = socket * request.perSocket; index < last; index++) {
    const operation = request.operations[index % request.operations.length]!;
    client.subscribe(operation, {
      next: (result) => problems.push(`an idle subscription received a result: ${JSON.stringify(result).slice(0, 200)}`),
      error: (error) => problems.push(describeSocketProblem(error)),
      complete: () => undefined,
    });
  }
}

const handlers = {
  /** Opens the sockets and their subscriptions; resolves once every socket is acknowledged. */
  async open(request: OpenRequest): Promise<number> {
    problems = [];
    closing = false;
    const sockets = Math.ceil(request.subscriptions / request.perSocket);
    let acknowledged = 0;
    for (let first = 0; first < sockets; first += request.wave) {
      const end = Math.min(sockets, first + request.wave);
      for (let socket = first; socket < end; socket++) openSocket(request, socket, () => acknowledged++);
      const deadline = epochNow() + 60_000;
      while (acknowledged < end && problems.length === 0 && epochNow() < deadline) await sleepUntil(epochNow() + 5);
      if (acknowledged < end) throw new Error(`${acknowledged} of ${sockets} sockets were acknowledged: ${problems.slice(0, 3).join(' | ') || 'timed out'}.`);
    }
    return sockets;
  },

  /** What went wrong since the last `open` (refusals, closed sockets, unexpected results). */
  async problems(): Promise<string[]> {
    return [...new Set(problems)];
  },

  async close(): Promise<void> {
    closing = true;
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
  },
};

export type IdleClientApi = typeof handlers;

serveParent(handlers, () => handlers.close());
